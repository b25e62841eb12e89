-- wrk: GET /api/v1/display/1
wrk.method = "GET"
done = function(summary, latency, requests)
  io.write(string.format("non2xx=%d\n", summary.errors.status))
end
