import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authApi, queryString } from '@/shared/api/client';
import type { Complaint, ComplaintStatus, ListReply } from '@/shared/api/types';

/** `GET /complaints`, `PATCH /complaints/{id}` (managers of the department, admins). */
export const complaintsQueryKey = ['complaints'] as const;

export interface ComplaintFilter {
  department_id: number;
  status?: ComplaintStatus;
  limit: number;
  offset: number;
}

export function useComplaints(filter: ComplaintFilter | null) {
  return useQuery({
    queryKey: [...complaintsQueryKey, 'list', filter],
    queryFn: ({ signal }) => authApi.get<ListReply<Complaint>>(`/complaints${queryString({ ...filter })}`, signal),
    enabled: filter !== null,
    placeholderData: (previous) => previous,
  });
}

export function useResolveComplaint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, resolution }: { id: number; resolution: string }) =>
      authApi.patch<Complaint>(`/complaints/${id}`, { status: 'resolved', resolution }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: complaintsQueryKey }),
  });
}
