/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The identifiers a window checks: citizen ID (GB 11643), unified social credit code
 * (GB 32100) and the e-licence identifier (GB/T 36904). Every rejection names the rule
 * that failed, in words a clerk can act on. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define YC_ID_ERROR (yc_id_error_quark ())

typedef enum
{
  YC_ID_ERROR_EMPTY,             /* nothing typed */
  YC_ID_ERROR_LENGTH,            /* wrong number of characters */
  YC_ID_ERROR_CHARACTERS,        /* a character outside the allowed set or position */
  YC_ID_ERROR_REGION,            /* region code not plausible */
  YC_ID_ERROR_BIRTH_DATE,        /* not a real date, or in the future */
  YC_ID_ERROR_CHECKSUM,          /* check character does not match */
  YC_ID_ERROR_FORMAT,            /* structure (dots, prefix, parts) wrong */
} YcIdError;

GQuark yc_id_error_quark (void);

typedef enum
{
  YC_SEX_MALE,
  YC_SEX_FEMALE,
} YcSex;

typedef struct
{
  char  region[7];   /* six digits, NUL-terminated */
  guint year;
  guint month;
  guint day;
  YcSex sex;
} YcCitizenIdInfo;

/* @today may be NULL (then the local date is used). Lower-case 'x' is accepted.
 * @info may be NULL. */
gboolean yc_citizen_id_check (const char      *id,
                              const GDate     *today,
                              YcCitizenIdInfo *info,
                              GError         **error);

typedef enum
{
  YC_USCC_VALID,
  YC_USCC_CHECKSUM_MISMATCH,     /* well-formed, wrong check character: a clerk may override */
  YC_USCC_INVALID,               /* malformed: never accepted */
} YcUsccResult;

/* Sets @error for both MISMATCH (YC_ID_ERROR_CHECKSUM) and INVALID. */
YcUsccResult yc_uscc_check (const char *code,
                            GError    **error);

/* The code whose first 17 characters are @body, with its check character appended: how a
 * catalogue gives a department (a state organ, "11" + region + organisation code) its code.
 * Fails like yc_uscc_check on a malformed @body (YC_ID_ERROR_LENGTH when not 17 long). */
char        *yc_uscc_complete (const char *body,
                               GError    **error);

/* "1.2.156.3005.2.<type>.<issuer USCC>.<serial>.<version 3 digits>.<check>" */
char    *yc_elicence_id_build (const char *type,
                               const char *issuer_uscc,
                               const char *serial,
                               guint       version,
                               GError    **error);
gboolean yc_elicence_id_check (const char *id,
                               GError    **error);
/* ISO 7064 MOD 37,36 check character over [0-9A-Z]; 0 on a bad character. */
char     yc_iso7064_mod37_36 (const char *payload);

G_END_DECLS
