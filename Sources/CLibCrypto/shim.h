#ifndef EXPUNGE_CLIBCRYPTO_SHIM_H
#define EXPUNGE_CLIBCRYPTO_SHIM_H
/* libcrypto (OpenSSL 3), as Expunge uses it: EVP ciphers and digests, EC P-256 keys, X.509
 * certificates and requests, CMS SignedData. Function-like macros and variadic calls that Swift
 * cannot import are re-exported here as typed static inline functions. No feature macros. */
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

/* EVP_EC_gen() is a macro over the variadic EVP_PKEY_Q_keygen(). */
static inline EVP_PKEY *expunge_ec_p256_generate(void) {
    return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
}

/* BIO_get_mem_data() is a macro over BIO_ctrl(). Returns the length; *out points into the BIO. */
static inline long expunge_bio_mem_data(BIO *bio, char **out) {
    return BIO_get_mem_data(bio, out);
}

static inline void expunge_openssl_free(void *p) { OPENSSL_free(p); }

/* STACK_OF(X509) accessors are macros. */
static inline int expunge_sk_x509_num(const STACK_OF(X509) *s) { return sk_X509_num(s); }
static inline X509 *expunge_sk_x509_value(const STACK_OF(X509) *s, int i) { return sk_X509_value(s, i); }
static inline void expunge_sk_x509_free(STACK_OF(X509) *s) { sk_X509_free(s); }
static inline STACK_OF(X509) *expunge_sk_x509_new_null(void) { return sk_X509_new_null(); }
static inline int expunge_sk_x509_push(STACK_OF(X509) *s, X509 *x) { return sk_X509_push(s, x); }
static inline void expunge_sk_x509_pop_free(STACK_OF(X509) *s) { sk_X509_pop_free(s, X509_free); }

/* X509V3_set_ctx_nodb() is a macro. */
static inline void expunge_x509v3_ctx_nodb(X509V3_CTX *ctx) { X509V3_set_ctx_nodb(ctx); }

/* XN_FLAG_RFC2253 is a composite macro. */
static inline unsigned long expunge_xn_flag_rfc2253(void) { return XN_FLAG_RFC2253; }

/* Flags are int macros; give them the unsigned type the CMS functions take. */
static inline unsigned int expunge_cms_sign_flags(void) { return CMS_DETACHED | CMS_BINARY; }
static inline unsigned int expunge_cms_verify_flags(void) { return CMS_BINARY; }

#endif
