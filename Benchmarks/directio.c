/* The device limit for Expunge's benchmarks: the simplest possible O_DIRECT writer/reader.
 * One pre-filled, aligned buffer; sequential pwrite (or pread) of the whole device; fdatasync at
 * the end of a write. No pattern generation, no verification: what the device can do.
 * With "huge" the buffer is 2 MiB-aligned and advised as transparent huge pages, as Expunge's own
 * chunk buffers are: each direct transfer then pins a few large pages instead of 1,024 small
 * ones, and on a memory-speed device that page pinning is most of the writer's CPU. The plain
 * variant is the reference the issues name; the huge-page one is the stricter limit.
 * Usage: directio write|read DEVICE [CHUNK_MIB [huge]]     prints: <bytes> <seconds>
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s write|read DEVICE [CHUNK_MIB]\n", argv[0]); return 64; }
    int writing = strcmp(argv[1], "write") == 0;
    size_t chunk = (size_t)(argc > 3 ? atoi(argv[3]) : 4) << 20;
    int fd = open(argv[2], (writing ? O_WRONLY | O_EXCL : O_RDONLY) | O_DIRECT);
    if (fd < 0) { perror(argv[2]); return 1; }
    uint64_t size = 0;
    if (ioctl(fd, BLKGETSIZE64, &size) != 0) { perror("BLKGETSIZE64"); return 1; }
    void *buf;
    int huge = argc > 4 && strcmp(argv[4], "huge") == 0;
    if (posix_memalign(&buf, huge ? (size_t)2 << 20 : 4096, chunk) != 0) return 1;
    if (huge && madvise(buf, chunk, MADV_HUGEPAGE) != 0) perror("madvise(MADV_HUGEPAGE)");
    memset(buf, 0, chunk);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (uint64_t off = 0; off < size;) {
        size_t n = size - off < chunk ? (size_t)(size - off) : chunk;
        ssize_t r = writing ? pwrite(fd, buf, n, (off_t)off) : pread(fd, buf, n, (off_t)off);
        if (r <= 0) { perror(writing ? "pwrite" : "pread"); return 1; }
        off += (uint64_t)r;
    }
    if (writing && fdatasync(fd) != 0) { perror("fdatasync"); return 1; }
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("%llu %.6f\n", (unsigned long long)size, (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9);
    return 0;
}
