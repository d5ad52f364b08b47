#ifndef EXPUNGE_CLIBUDEV_SHIM_H
#define EXPUNGE_CLIBUDEV_SHIM_H
/* libudev, as Expunge uses it. No feature macros are defined here on purpose (see
 * Docs/design/c-bindings.md): every C module must see glibc the same way. */
#include <libudev.h>
#endif
