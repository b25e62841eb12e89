import type { PublicService } from '@/shared/api/types';
import { ServiceButton } from './ServiceButton';

interface ServiceGridProps {
  services: PublicService[];
  pressedServiceId: number | null;
  isIssuing: boolean;
  onPress: (serviceId: number) => void;
}

export function ServiceGrid({ services, pressedServiceId, isIssuing, onPress }: ServiceGridProps) {
  if (services.length === 0) {
    return <p className="text-center text-3xl text-slate-600">No services are available here right now.</p>;
  }
  return (
    <section aria-labelledby="services-heading">
      <h2 id="services-heading" className="mb-6 text-center text-4xl font-semibold text-slate-800">
        Touch a service to take a ticket
      </h2>
      <ul className="grid grid-cols-1 gap-6 lg:grid-cols-2" data-testid="service-list">
        {services.map((service) => (
          <li key={service.id}>
            <ServiceButton
              service={service}
              disabled={isIssuing}
              busy={isIssuing && pressedServiceId === service.id}
              onPress={onPress}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
