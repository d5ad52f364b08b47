#ifndef EXPUNGE_CLINUX_H
#define EXPUNGE_CLINUX_H
/* Linux constants and typed ioctl wrappers that Swift cannot import directly: O_DIRECT (only
 * visible with _GNU_SOURCE, which we never define), the _IO*-built BLK* numbers, SG_IO and the NVMe
 * passthrough structure. Every ioctl here is a typed, non-variadic wrapper around ioctl(2). */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <linux/fs.h>
#include <linux/loop.h>
#include <linux/nvme_ioctl.h>
#include <scsi/sg.h>

static inline int clinux_o_direct(void) { return __O_DIRECT; }

/* prctl(PR_SET_NAME): the calling thread's name (prctl is variadic, which Swift cannot call). */
static inline int clinux_set_thread_name(const char *name) { return prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0); }

/* major()/minor() are macros over inline functions that Swift does not see. */
static inline unsigned int clinux_major(dev_t dev) { return major(dev); }
static inline unsigned int clinux_minor(dev_t dev) { return minor(dev); }

/* stat(2): the function shares its name with the struct, which Swift cannot disambiguate. */
static inline int clinux_stat(const char *path, struct stat *st) { return stat(path, st); }

/* Block device geometry (linux/fs.h). */
static inline int clinux_blkgetsize64(int fd, uint64_t *bytes) { return ioctl(fd, BLKGETSIZE64, bytes); }
static inline int clinux_blksszget(int fd, int *bytes) { return ioctl(fd, BLKSSZGET, bytes); }
static inline int clinux_blkpbszget(int fd, unsigned int *bytes) { return ioctl(fd, BLKPBSZGET, bytes); }
static inline int clinux_blkroget(int fd, int *readonly) { return ioctl(fd, BLKROGET, readonly); }
static inline int clinux_blkflsbuf(int fd) { return ioctl(fd, BLKFLSBUF, 0); }
static inline int clinux_blkrrpart(int fd) { return ioctl(fd, BLKRRPART, 0); }

/* Loop control (linux/loop.h): used by tests and the demo to create their own devices. */
static inline int clinux_loop_ctl_add(int fd, int index) { return ioctl(fd, LOOP_CTL_ADD, index); }
static inline int clinux_loop_ctl_remove(int fd, int index) { return ioctl(fd, LOOP_CTL_REMOVE, index); }

/* SCSI generic (scsi/sg.h) and NVMe admin passthrough (linux/nvme_ioctl.h). */
static inline int clinux_sg_io(int fd, sg_io_hdr_t *hdr) { return ioctl(fd, SG_IO, hdr); }
static inline int clinux_nvme_admin(int fd, struct nvme_passthru_cmd *cmd) { return ioctl(fd, NVME_IOCTL_ADMIN_CMD, cmd); }
static inline int clinux_nvme_ns_id(int fd) { return ioctl(fd, NVME_IOCTL_ID); }

static inline unsigned long clinux_sg_io_request(void) { return SG_IO; }
static inline unsigned long clinux_nvme_admin_request(void) { return NVME_IOCTL_ADMIN_CMD; }
static inline unsigned long clinux_blkgetsize64_request(void) { return BLKGETSIZE64; }

#endif
