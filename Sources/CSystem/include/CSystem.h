#ifndef CSYSTEM_H
#define CSYSTEM_H
// Glibc's Swift module does not export epoll, eventfd or signalfd, and fcntl is
// variadic: these are the few lines of C that give Swift a plain view of them.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <signal.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/ioctl.h>

// accept4 with SOCK_NONBLOCK|SOCK_CLOEXEC flags; Glibc's Swift module omits it (GNU extension).
int cs_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);

// The EPOLL* and *FD_* names are enum members in glibc; plain integers read better in Swift.
static const uint32_t CS_EPOLLIN = EPOLLIN;
static const uint32_t CS_EPOLLOUT = EPOLLOUT;
static const uint32_t CS_EPOLLHUP = EPOLLHUP;
static const uint32_t CS_EPOLLRDHUP = EPOLLRDHUP;
static const uint32_t CS_EPOLLERR = EPOLLERR;
static const int CS_EPOLL_CTL_ADD = EPOLL_CTL_ADD;
static const int CS_EPOLL_CTL_MOD = EPOLL_CTL_MOD;
static const int CS_EPOLL_CTL_DEL = EPOLL_CTL_DEL;

// struct epoll_event is packed on x86_64, so Swift never touches one: it passes
// plain values in and gets plain arrays out.
static inline int cs_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &event);
}

static inline size_t cs_epoll_event_size(void) {
    return sizeof(struct epoll_event);
}

// Waits into `scratch` (room for `max` events, see cs_epoll_event_size) and unpacks
// the result into `tokens` and `events`. errno is left as epoll_wait set it.
static inline int cs_epoll_wait_into(int epfd, void *scratch, int max, int timeout,
                                     uint64_t *tokens, uint32_t *events) {
    struct epoll_event *ready = (struct epoll_event *)scratch;
    int count = epoll_wait(epfd, ready, max, timeout);
    for (int i = 0; i < count; i++) {
        tokens[i] = ready[i].data.u64;
        events[i] = ready[i].events;
    }
    return count;
}

static inline int cs_eventfd(void) {
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

static inline int cs_signalfd(const sigset_t *mask) {
    return signalfd(-1, mask, SFD_NONBLOCK | SFD_CLOEXEC);
}

static inline size_t cs_signalfd_siginfo_size(void) {
    return sizeof(struct signalfd_siginfo);
}

static inline uint32_t cs_signalfd_siginfo_signo(const void *info) {
    return ((const struct signalfd_siginfo *)info)->ssi_signo;
}

// fcntl is variadic, which Swift cannot call.
static inline int cs_set_nonblocking(int fd, int on) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) {
        return -1;
    }
    flags = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
    return fcntl(fd, F_SETFL, flags);
}

// ioctl is variadic too: the bytes a socket has received and not yet handed to read().
static inline int cs_bytes_readable(int fd) {
    int count = 0;
    if (ioctl(fd, FIONREAD, &count) < 0) {
        return -1;
    }
    return count;
}

#endif
