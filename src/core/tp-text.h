/* tp-text.h: Vietnamese text rules shared by every layer.
 *
 * NFC at the boundaries, a search fold that ignores marks, đ and tone
 * placement, a locale-independent sort key for names (given name first, in
 * CLDR "vi" order), splitting a typed full name into its parts, and the
 * legacy encodings (TCVN3, VNI, Windows-1258) met in old spreadsheets.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns a newly allocated NFC copy of @text (NULL gives NULL). Invalid
 * UTF-8 gives NULL. Leading/trailing white space is trimmed and inner runs
 * of white space collapse to one space. */
char *tp_text_normalize (const char *text);

/* The search fold: NFD, combining marks dropped, đ/Đ → d, casefolded,
 * white space collapsed. "Đặng Thị Hoà" and "dang thi hoa" fold alike, as do
 * "hoà"/"hòa" and "thuỷ"/"thủy". Never NULL for non-NULL valid input. */
char *tp_text_fold (const char *text);

/* TRUE when the fold of @needle occurs in the fold of @haystack. */
gboolean tp_text_matches (const char *haystack_folded,
                          const char *needle_folded);

/* A byte string whose strcmp() order is the CLDR "vi" order of @text:
 * a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư at the primary level; the tone
 * marks as a secondary difference ordered none < huyền < hỏi < ngã < sắc
 * < nặng; case last. Locale independent. */
char *tp_text_collate_key (const char *text);

/* The key a person's name sorts by: the sort-name override when given
 * (its words are keyed in the order typed), else given name, then middle
 * name, then family name. Any part may be NULL. */
char *tp_text_name_sort_key (const char *family_name,
                             const char *middle_name,
                             const char *given_name,
                             const char *sort_name_override);

/* Splits a typed full name: first word = family name, last word = given
 * name, the words between = middle name (NULL when none). A single word is
 * the given name. Outputs are newly allocated NFC strings or NULL. */
void tp_text_split_name (const char  *full_name,
                         char       **family_name,
                         char       **middle_name,
                         char       **given_name);

/* Legacy encodings met in old Vietnamese files. */
typedef enum {
  TP_LEGACY_NONE = 0,   /* plain Unicode text */
  TP_LEGACY_TCVN3,      /* ABC / .VnTime fonts, one byte per letter */
  TP_LEGACY_VNI,        /* VNI-Windows fonts, base letter + mark byte */
  TP_LEGACY_CP1258,     /* Windows-1258, combining tone marks */
} TpLegacyEncoding;

/* Looks at @text (UTF-8 as it was decoded, e.g. from Latin-1/CP1252 bytes
 * shown as characters) and says whether it looks like TCVN3 or VNI
 * "mojibake". Returns TP_LEGACY_NONE for ordinary Unicode Vietnamese. */
TpLegacyEncoding tp_text_detect_legacy (const char *text);

/* Converts @text from @encoding's mojibake to NFC Unicode. */
char *tp_text_from_legacy (const char       *text,
                           TpLegacyEncoding  encoding);

/* Decodes raw bytes of Windows-1258 into NFC UTF-8. */
char *tp_text_from_cp1258 (const char *bytes,
                           gsize       len);

G_END_DECLS
