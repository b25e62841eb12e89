/* bindsrc.so: LD_PRELOAD shim that binds every IPv4 TCP socket to the source
 * address in $BINDSRC (e.g. 127.0.0.2) before connect(), so that an attack
 * tool on this host comes from an address the nginx site does not treat as
 * local (loopback 127.0.0.1 is exempt from its per-address limits, as local
 * tools are).  Built and used by tests/attacks/run.sh only. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	static int (*real)(int, const struct sockaddr *, socklen_t);
	if (!real)
		real = (int (*)(int, const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "connect");
	const char *src = getenv("BINDSRC");
	if (src && addr && addr->sa_family == AF_INET) {
		struct sockaddr_in me;
		memset(&me, 0, sizeof me);
		me.sin_family = AF_INET;
		if (inet_pton(AF_INET, src, &me.sin_addr) == 1)
			bind(fd, (struct sockaddr *)&me, sizeof me); /* a failure: connect as usual */
	}
	return real(fd, addr, len);
}
