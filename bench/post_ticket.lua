-- wrk: POST to the URL's path (/api/v1/tickets), round robin over the services listed in
-- BENCH_SERVICES (comma-separated ids; default 1,2,3: the first demo
-- department's three services)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local services = {}
for id in string.gmatch(os.getenv("BENCH_SERVICES") or "1,2,3", "%d+") do
  services[#services + 1] = id
end
local n = 0
request = function()
  n = n + 1
  local svc = services[(n % #services) + 1]
  return wrk.format(nil, nil, nil, '{"service_id": ' .. svc .. '}')
end
done = function(summary, latency, requests)
  io.write(string.format("non2xx=%d\n", summary.errors.status))
end
