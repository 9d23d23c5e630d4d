// accept4 is a GNU extension: it is declared only with _GNU_SOURCE, which must come before
// any system header, so it lives here rather than in the shared header.
#define _GNU_SOURCE
#include <sys/socket.h>
#include "CSystem.h"

int cs_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags) {
    return accept4(fd, address, length, flags);
}
