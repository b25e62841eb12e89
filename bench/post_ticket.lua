-- wrk: POST /api/v1/tickets, spread over the department's three services
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  local svc = (n % 3) + 1
  return wrk.format(nil, "/api/v1/tickets", nil, '{"service_id": ' .. svc .. '}')
end
done = function(summary, latency, requests)
  local codes = summary.errors
  io.write(string.format("non2xx=%d\n", codes.status))
end
