-- wrk: GET of the libfcgi hello worker (bench/hello.c) through the same nginx
wrk.method = "GET"
done = function(summary, latency, requests)
  io.write(string.format("non2xx=%d\n", summary.errors.status))
end
