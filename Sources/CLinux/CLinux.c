/* The CLinux module is header-only: see include/CLinux.h. SwiftPM needs one source file. */
#include "CLinux.h"
