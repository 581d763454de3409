/* Lets valgrind 3.19 (callgrind) run dik. dik's async entry point parks its main
 * thread in libdispatch, which calls sigsuspend() with a mask in read-only memory;
 * valgrind writes into that mask and dies with an internal SIGSEGV before main runs.
 * This preload hands the kernel a writable copy instead.
 *
 *   gcc -shared -fPIC -O2 -o /tmp/vg-sigsuspend.so bench/valgrind-sigsuspend.c
 *   objcopy --strip-debug .build/release/dik /tmp/dik   # valgrind cannot read Swift's DWARF 5
 *   DIK_THEME=site-templates LD_PRELOAD=/tmp/vg-sigsuspend.so \
 *     valgrind --tool=callgrind /tmp/dik build --site ... --out /tmp/out --date 2026-11-21
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, 8);
}
