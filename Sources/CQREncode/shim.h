#ifndef EXPUNGE_CQRENCODE_SHIM_H
#define EXPUNGE_CQRENCODE_SHIM_H
/* libqrencode (4.1): QR Code symbols as a module matrix. No feature macros. */
#include <qrencode.h>
#endif
