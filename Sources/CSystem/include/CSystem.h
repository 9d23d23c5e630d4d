#ifndef CSYSTEM_H
#define CSYSTEM_H
// Glibc's Swift module does not export epoll, eventfd or signalfd, and fcntl is
// variadic: these are the few lines of C that give Swift a plain view of them.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <signal.h>
#include <fcntl.h>
#endif
