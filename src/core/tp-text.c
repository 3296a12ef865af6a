/* tp-text.c: Vietnamese text rules shared by every layer.
 *
 * GLib only: no ICU, no locale. The sort key is our own compact rendering of
 * CLDR "vi" collation for the letters Vietnamese names use; the legacy
 * decoders are table driven. docs/text.md explains the choices.
 */
#include "config.h"

#include "tp-text.h"

#include <string.h>

/* ------------------------------------------------------------------------ */
/* White space                                                              */
/* ------------------------------------------------------------------------ */

static inline gboolean
is_space (gunichar ch)
{
  /* g_unichar_isspace() covers tabs, newlines and every Zs separator
   * (NBSP U+00A0 included). A BOM or zero-width space left inside an
   * Excel/CSV cell is white space for our purposes too. */
  return g_unichar_isspace (ch) || ch == 0x200B || ch == 0xFEFF;
}

static inline gboolean
is_ascii_space (guchar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Trims @text and collapses runs of white space to one ASCII space. */
static char *
collapse_space (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));
  gboolean pending_space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (is_space (ch))
        {
          pending_space = TRUE;
          continue;
        }

      if (pending_space && out->len > 0)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }

  return g_string_free (out, FALSE);
}

char *
tp_text_normalize (const char *text)
{
  g_autofree char *nfc = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  if (nfc == NULL)
    return NULL;

  return collapse_space (nfc);
}

/* Like tp_text_normalize(), but never NULL for non-NULL input: invalid
 * UTF-8 is repaired with U+FFFD first. */
static char *
normalize_lenient (const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    return g_strdup ("");
  if (g_utf8_validate (text, -1, NULL))
    return tp_text_normalize (text);

  valid = g_utf8_make_valid (text, -1);
  return tp_text_normalize (valid);
}

/* ------------------------------------------------------------------------ */
/* Search fold                                                              */
/* ------------------------------------------------------------------------ */

static inline gboolean
is_fold_dropped_mark (gunichar ch)
{
  return ch >= 0x0300 && ch <= 0x036F;
}

/* The general fold: casefold, NFD, drop marks, đ → d, collapse space,
 * recompose whatever is left (Hangul, marks outside U+0300–U+036F). */
static char *
fold_slow (const char *text)
{
  g_autofree char *casefolded = g_utf8_casefold (text, -1);
  g_autofree char *nfd = g_utf8_normalize (casefolded, -1, G_NORMALIZE_NFD);
  g_autoptr(GString) out = g_string_sized_new (strlen (nfd));
  gboolean pending_space = FALSE;

  for (const char *p = nfd; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (is_fold_dropped_mark (ch))
        continue;
      if (is_space (ch))
        {
          pending_space = TRUE;
          continue;
        }
      if (pending_space && out->len > 0)
        g_string_append_c (out, ' ');
      pending_space = FALSE;

      if (ch == 0x0111 || ch == 0x0110)   /* đ Đ have no decomposition */
        ch = 'd';
      g_string_append_unichar (out, ch);
    }

  return g_utf8_normalize (out->str, -1, G_NORMALIZE_NFC);
}

/* Fast path tables: for each precomposed letter in Latin-1 Supplement,
 * Latin Extended-A/B and Latin Extended Additional (all 134 Vietnamese
 * letters live there) the single ASCII byte it folds to, or 0 when its fold
 * is something else (ß → "ss", ø, æ...) and the slow path must run. Filled
 * once from fold_slow() itself so both paths always agree. */
#define FOLD_LATIN_FIRST 0x00C0
#define FOLD_LATIN_LAST  0x024F
#define FOLD_EXT_FIRST   0x1E00
#define FOLD_EXT_LAST    0x1EFF

static guint8 fold_latin[FOLD_LATIN_LAST - FOLD_LATIN_FIRST + 1];
static guint8 fold_ext[FOLD_EXT_LAST - FOLD_EXT_FIRST + 1];

static guint8
fold_one_to_ascii (gunichar ch)
{
  char utf8[8] = { 0 };
  g_autofree char *folded = NULL;

  g_unichar_to_utf8 (ch, utf8);
  folded = fold_slow (utf8);
  if (folded[0] != '\0' && folded[1] == '\0' && (guchar) folded[0] < 0x80)
    return (guint8) folded[0];
  return 0;
}

static void
ensure_fold_tables (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (gunichar ch = FOLD_LATIN_FIRST; ch <= FOLD_LATIN_LAST; ch++)
        fold_latin[ch - FOLD_LATIN_FIRST] = fold_one_to_ascii (ch);
      for (gunichar ch = FOLD_EXT_FIRST; ch <= FOLD_EXT_LAST; ch++)
        fold_ext[ch - FOLD_EXT_FIRST] = fold_one_to_ascii (ch);
      g_once_init_leave (&initialized, 1);
    }
}

char *
tp_text_fold (const char *text)
{
  g_autofree char *valid = NULL;
  char *out;
  gsize len = 0;
  gboolean pending_space = FALSE;
  const char *p;

  if (text == NULL)
    return NULL;

  if (!g_utf8_validate (text, -1, NULL))
    {
      valid = g_utf8_make_valid (text, -1);
      text = valid;
    }

  ensure_fold_tables ();

  /* Every character handled here folds to at most one byte, and takes at
   * least one, so the input length bounds the output. */
  out = g_malloc (strlen (text) + 1);

  for (p = text; *p != '\0';)
    {
      guchar c = (guchar) *p;
      guint8 folded;

      if (c < 0x80)
        {
          p++;
          if (is_ascii_space (c))
            {
              pending_space = TRUE;
              continue;
            }
          folded = g_ascii_tolower (c);
        }
      else
        {
          gunichar ch = g_utf8_get_char (p);

          p = g_utf8_next_char (p);
          if (is_fold_dropped_mark (ch))
            continue;
          if (is_space (ch))
            {
              pending_space = TRUE;
              continue;
            }

          if (ch >= FOLD_LATIN_FIRST && ch <= FOLD_LATIN_LAST)
            folded = fold_latin[ch - FOLD_LATIN_FIRST];
          else if (ch >= FOLD_EXT_FIRST && ch <= FOLD_EXT_LAST)
            folded = fold_ext[ch - FOLD_EXT_FIRST];
          else
            folded = 0;

          if (folded == 0)
            {
              g_free (out);
              return fold_slow (text);
            }
        }

      if (pending_space && len > 0)
        out[len++] = ' ';
      pending_space = FALSE;
      out[len++] = (char) folded;
    }

  out[len] = '\0';
  return out;
}

gboolean
tp_text_matches (const char *haystack_folded,
                 const char *needle_folded)
{
  if (needle_folded == NULL || needle_folded[0] == '\0')
    return TRUE;
  if (haystack_folded == NULL)
    return FALSE;
  return strstr (haystack_folded, needle_folded) != NULL;
}

/* ------------------------------------------------------------------------ */
/* Collation                                                                */
/* ------------------------------------------------------------------------ */

/* Byte values. 0x01 separates levels (and, in name keys, name parts);
 * every weight is above it and no key contains NUL. Primary weights are
 * self-delimiting: one byte, or a lead byte plus three bytes >= 0x80. */
enum {
  KEY_SEPARATOR      = 0x01,

  PRIMARY_SPACE      = 0x03,
  PRIMARY_PUNCT      = 0x04, /* 0x04–0x23, the 32 ASCII punctuation marks */
  PRIMARY_SYMBOL     = 0x26, /* + code point: other non-letters */
  PRIMARY_DIGIT      = 0x30, /* 0x30–0x39 */
  PRIMARY_LETTER     = 0x40, /* 0x40–0x60, the Vietnamese alphabet + f j w z */
  PRIMARY_FOREIGN    = 0x70, /* + code point: letters outside it */

  SECONDARY_COMMON   = 0x05,
  SECONDARY_GRAVE    = 0x10, /* huyền */
  SECONDARY_HOOK     = 0x11, /* hỏi */
  SECONDARY_TILDE    = 0x12, /* ngã */
  SECONDARY_ACUTE    = 0x13, /* sắc */
  SECONDARY_DOT      = 0x14, /* nặng */
  SECONDARY_MARK     = 0x20, /* + (mark − U+0300) for other U+03xx marks */
  SECONDARY_FAR_MARK = 0x90, /* + code point */

  TERTIARY_LOWER     = 0x05,
  TERTIARY_UPPER     = 0x06,
};

/* CLDR root order of ASCII punctuation, which "vi" does not tailor. */
static const char punct_order[] = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";

/* Position of a–z in a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư
 * v w x y z. ă â follow a, đ follows d and so on. */
static const guint8 latin_rank[26] = {
  0,  /* a */  3,  /* b */  4,  /* c */  5,  /* d */  7,  /* e */
  9,  /* f */ 10,  /* g */ 11,  /* h */ 12,  /* i */ 13,  /* j */
  14, /* k */ 15,  /* l */ 16,  /* m */ 17,  /* n */ 18,  /* o */
  21, /* p */ 22,  /* q */ 23,  /* r */ 24,  /* s */ 25,  /* t */
  26, /* u */ 28,  /* v */ 29,  /* w */ 30,  /* x */ 31,  /* y */
  32, /* z */
};

#define COMBINING_GRAVE      0x0300
#define COMBINING_ACUTE      0x0301
#define COMBINING_CIRCUMFLEX 0x0302
#define COMBINING_TILDE      0x0303
#define COMBINING_BREVE      0x0306
#define COMBINING_HOOK       0x0309
#define COMBINING_HORN       0x031B
#define COMBINING_DOT_BELOW  0x0323

typedef struct
{
  GString *primary;
  GString *secondary;
  GString *tertiary;
} KeyLevels;

static void
append_code_point (GString  *s,
                   gunichar  ch)
{
  g_string_append_c (s, (char) (0x80 | ((ch >> 14) & 0x7F)));
  g_string_append_c (s, (char) (0x80 | ((ch >> 7) & 0x7F)));
  g_string_append_c (s, (char) (0x80 | (ch & 0x7F)));
}

static void
append_mark_weight (GString  *secondary,
                    gunichar  mark)
{
  switch (mark)
    {
    case COMBINING_GRAVE:     g_string_append_c (secondary, SECONDARY_GRAVE); break;
    case COMBINING_HOOK:      g_string_append_c (secondary, SECONDARY_HOOK); break;
    case COMBINING_TILDE:     g_string_append_c (secondary, SECONDARY_TILDE); break;
    case COMBINING_ACUTE:     g_string_append_c (secondary, SECONDARY_ACUTE); break;
    case COMBINING_DOT_BELOW: g_string_append_c (secondary, SECONDARY_DOT); break;
    default:
      if (mark >= 0x0300 && mark <= 0x036F)
        g_string_append_c (secondary, (char) (SECONDARY_MARK + (mark - 0x0300)));
      else
        {
          g_string_append_c (secondary, (char) SECONDARY_FAR_MARK);
          append_code_point (secondary, mark);
        }
      break;
    }
}

/* The extra rank a mark gives a base letter when together they make one of
 * the Vietnamese letters ă â ê ô ơ ư, else 0. */
static guint
quality_rank (gunichar base_lower,
              gunichar mark)
{
  switch (base_lower)
    {
    case 'a':
      return mark == COMBINING_BREVE ? 1 : mark == COMBINING_CIRCUMFLEX ? 2 : 0;
    case 'e':
      return mark == COMBINING_CIRCUMFLEX ? 1 : 0;
    case 'o':
      return mark == COMBINING_CIRCUMFLEX ? 1 : mark == COMBINING_HORN ? 2 : 0;
    case 'u':
      return mark == COMBINING_HORN ? 1 : 0;
    default:
      return 0;
    }
}

/* Appends the three levels of @text (any form; decomposed here) to @k. */
static void
key_levels_append (KeyLevels  *k,
                   const char *text)
{
  g_autofree char *nfd = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  const char *p = nfd;

  while (*p != '\0')
    {
      gunichar base = g_utf8_get_char (p);
      gunichar lower;
      const char *marks;
      const char *end;
      const char *quality_at = NULL;
      guint quality = 0;
      const char *punct;

      p = g_utf8_next_char (p);

      if (g_unichar_ismark (base))
        {
          /* A mark with nothing to sit on: secondary only. */
          append_mark_weight (k->secondary, base);
          continue;
        }

      marks = p;
      for (end = p; *end != '\0' && g_unichar_ismark (g_utf8_get_char (end));
           end = g_utf8_next_char (end))
        ;
      p = end;

      lower = g_unichar_tolower (base);

      if (lower < 0x80 && g_ascii_isalpha (lower))
        {
          for (const char *m = marks; m < end; m = g_utf8_next_char (m))
            {
              quality = quality_rank (lower, g_utf8_get_char (m));
              if (quality != 0)
                {
                  quality_at = m;
                  break;
                }
            }
          g_string_append_c (k->primary,
                             (char) (PRIMARY_LETTER + latin_rank[lower - 'a'] + quality));
        }
      else if (lower == 0x0111) /* đ */
        g_string_append_c (k->primary, (char) (PRIMARY_LETTER + 6));
      else if (is_space (base))
        g_string_append_c (k->primary, PRIMARY_SPACE);
      else if (base < 0x80 && base != 0 && (punct = strchr (punct_order, (int) base)) != NULL)
        g_string_append_c (k->primary, (char) (PRIMARY_PUNCT + (punct - punct_order)));
      else if (g_unichar_digit_value (base) >= 0)
        g_string_append_c (k->primary, (char) (PRIMARY_DIGIT + g_unichar_digit_value (base)));
      else if (g_unichar_isalpha (base))
        {
          g_string_append_c (k->primary, PRIMARY_FOREIGN);
          append_code_point (k->primary, lower);
        }
      else
        {
          g_string_append_c (k->primary, PRIMARY_SYMBOL);
          append_code_point (k->primary, base);
        }

      g_string_append_c (k->secondary, SECONDARY_COMMON);
      for (const char *m = marks; m < end; m = g_utf8_next_char (m))
        if (m != quality_at)
          append_mark_weight (k->secondary, g_utf8_get_char (m));

      g_string_append_c (k->tertiary,
                         (g_unichar_isupper (base) || g_unichar_istitle (base))
                         ? TERTIARY_UPPER : TERTIARY_LOWER);
    }
}

/* Appends "primary 01 secondary 01 tertiary" of @text to @out. */
static void
append_full_key (GString    *out,
                 const char *text)
{
  KeyLevels k = {
    g_string_new (NULL), g_string_new (NULL), g_string_new (NULL),
  };

  key_levels_append (&k, text);

  g_string_append_len (out, k.primary->str, k.primary->len);
  g_string_append_c (out, KEY_SEPARATOR);
  g_string_append_len (out, k.secondary->str, k.secondary->len);
  g_string_append_c (out, KEY_SEPARATOR);
  g_string_append_len (out, k.tertiary->str, k.tertiary->len);

  g_string_free (k.primary, TRUE);
  g_string_free (k.secondary, TRUE);
  g_string_free (k.tertiary, TRUE);
}

char *
tp_text_collate_key (const char *text)
{
  g_autofree char *normalized = NULL;
  GString *out;

  if (text == NULL)
    return NULL;

  normalized = normalize_lenient (text);
  out = g_string_sized_new (3 * strlen (normalized) + 4);
  append_full_key (out, normalized);
  return g_string_free (out, FALSE);
}

/* Splits normalised @text into its first word, the words between and its
 * last word. A single word is returned as @first only. */
static void
split_words (const char  *normalized,
             char       **first,
             char       **between,
             char       **last)
{
  const char *first_space = strchr (normalized, ' ');
  const char *last_space = strrchr (normalized, ' ');

  *first = *between = *last = NULL;

  if (normalized[0] == '\0')
    return;

  if (first_space == NULL)
    {
      *first = g_strdup (normalized);
      return;
    }

  *first = g_strndup (normalized, first_space - normalized);
  *last = g_strdup (last_space + 1);
  if (last_space > first_space)
    *between = g_strndup (first_space + 1, last_space - first_space - 1);
}

char *
tp_text_name_sort_key (const char *family_name,
                       const char *middle_name,
                       const char *given_name,
                       const char *sort_name_override)
{
  g_autofree char *override = normalize_lenient (sort_name_override);
  char *parts[3] = { NULL, NULL, NULL };
  GString *out = g_string_new (NULL);

  if (override[0] != '\0')
    {
      /* Typed in sort order: the first word ranks like a given name, the
       * last like a family name, so overrides interleave with ordinary
       * names. */
      split_words (override, &parts[0], &parts[1], &parts[2]);
    }
  else
    {
      parts[0] = normalize_lenient (given_name);
      parts[1] = normalize_lenient (middle_name);
      parts[2] = normalize_lenient (family_name);
    }

  /* Each part carries all three levels before the next part starts: the
   * given name decides entirely (tones and case included) before the
   * middle name is looked at. A part's key ends in KEY_SEPARATOR, which is
   * below every weight, so "An" sorts before "Anh" whatever follows and an
   * empty middle name before any middle name. */
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (i > 0)
        g_string_append_c (out, KEY_SEPARATOR);
      append_full_key (out, parts[i] != NULL ? parts[i] : "");
    }

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    g_clear_pointer (&parts[i], g_free);

  return g_string_free (out, FALSE);
}

void
tp_text_split_name (const char  *full_name,
                    char       **family_name,
                    char       **middle_name,
                    char       **given_name)
{
  g_autofree char *normalized = NULL;
  char *first = NULL;
  char *between = NULL;
  char *last = NULL;

  normalized = tp_text_normalize (full_name);
  if (normalized != NULL)
    split_words (normalized, &first, &between, &last);

  if (last == NULL)
    {
      /* One word (or none): it is the given name. */
      last = g_steal_pointer (&first);
    }

  if (family_name != NULL)
    *family_name = g_steal_pointer (&first);
  if (middle_name != NULL)
    *middle_name = g_steal_pointer (&between);
  if (given_name != NULL)
    *given_name = g_steal_pointer (&last);

  g_free (first);
  g_free (between);
  g_free (last);
}

/* ------------------------------------------------------------------------ */
/* Legacy encodings                                                         */
/* ------------------------------------------------------------------------ */

/* TCVN3 (TCVN 5712:1993 VN3, the ".VnTime" ABC fonts), bytes 0xA1–0xFE.
 * VN3 has every lowercase letter but, of the capitals, only Ă Â Ê Ô Ơ Ư Đ;
 * capitals with tone marks came from the ".VnTimeH" fonts, which draw the
 * lowercase codes as capitals. 0 marks a byte VN3 leaves unused. */
static const gunichar tcvn3_table[0xFE - 0xA1 + 1] = {
  /* A1 */ 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,
  /* A8 */ 0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0,
  /* B0 */ 0, 0, 0, 0, 0, 0x00E0, 0x1EA3, 0x00E3,
  /* B8 */ 0x00E1, 0x1EA1, 0, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0,
  /* C0 */ 0, 0, 0, 0, 0, 0, 0x1EB7, 0x1EA7,
  /* C8 */ 0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0, 0x1EBB, 0x1EBD,
  /* D0 */ 0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,
  /* D8 */ 0x1EC9, 0, 0, 0, 0x0129, 0x00ED, 0x1ECB, 0x00F2,
  /* E0 */ 0, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,
  /* E8 */ 0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,
  /* F0 */ 0, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,
  /* F8 */ 0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5,
};

static gunichar
tcvn3_decode (gunichar ch)
{
  if (ch >= 0xA1 && ch <= 0xFE)
    return tcvn3_table[ch - 0xA1];
  return 0;
}

/* The letters a TCVN3 code may stand for at the end of a syllable: any
 * vowel except ă and â, which are always followed by a consonant. */
static gboolean
can_end_syllable (gunichar letter)
{
  g_autofree char *nfd = NULL;
  char utf8[8] = { 0 };
  gunichar base;

  g_unichar_to_utf8 (letter, utf8);
  nfd = g_utf8_normalize (utf8, -1, G_NORMALIZE_NFD);
  base = g_unichar_tolower (g_utf8_get_char (nfd));

  if (base == 'a')
    return strstr (nfd, "\xcc\x86") == NULL    /* U+0306 breve */
        && strstr (nfd, "\xcc\x82") == NULL;   /* U+0302 circumflex */
  return base == 'e' || base == 'i' || base == 'o' || base == 'u' || base == 'y';
}

/* VNI-Windows writes most letters as a base byte plus a mark byte. The
 * mark bytes (as CP1252 characters), lowercase; uppercase ones are the
 * Latin-1 capitals. */
typedef struct
{
  gunichar mark;
  gunichar quality;   /* combining circumflex or breve, or 0 */
  gunichar tone;      /* combining tone mark, or 0 */
} VniMark;

static const VniMark vni_marks[] = {
  { 0x00F9, 0, COMBINING_ACUTE },                         /* ù */
  { 0x00F8, 0, COMBINING_GRAVE },                         /* ø */
  { 0x00FB, 0, COMBINING_HOOK },                          /* û */
  { 0x00F5, 0, COMBINING_TILDE },                         /* õ */
  { 0x00EF, 0, COMBINING_DOT_BELOW },                     /* ï */
  { 0x00E2, COMBINING_CIRCUMFLEX, 0 },                    /* â */
  { 0x00E1, COMBINING_CIRCUMFLEX, COMBINING_ACUTE },      /* á */
  { 0x00E0, COMBINING_CIRCUMFLEX, COMBINING_GRAVE },      /* à */
  { 0x00E5, COMBINING_CIRCUMFLEX, COMBINING_HOOK },       /* å */
  { 0x00E3, COMBINING_CIRCUMFLEX, COMBINING_TILDE },      /* ã */
  { 0x00E4, COMBINING_CIRCUMFLEX, COMBINING_DOT_BELOW },  /* ä */
  { 0x00EA, COMBINING_BREVE, 0 },                         /* ê */
  { 0x00E9, COMBINING_BREVE, COMBINING_ACUTE },           /* é */
  { 0x00E8, COMBINING_BREVE, COMBINING_GRAVE },           /* è */
  { 0x00FA, COMBINING_BREVE, COMBINING_HOOK },            /* ú */
  { 0x00FC, COMBINING_BREVE, COMBINING_TILDE },           /* ü */
  { 0x00EB, COMBINING_BREVE, COMBINING_DOT_BELOW },       /* ë */
};

/* Latin-1 lowercase of a Latin-1 capital; anything else unchanged. */
static inline gunichar
latin1_lower (gunichar ch)
{
  if ((ch >= 'A' && ch <= 'Z') || (ch >= 0xC0 && ch <= 0xDE && ch != 0xD7))
    return ch + 0x20;
  return ch;
}

static inline gboolean
latin1_is_upper (gunichar ch)
{
  return latin1_lower (ch) != ch;
}

/* The VNI base letters: a e o u y, plus ô and ö which stand for ơ and ư. */
static inline gboolean
vni_is_base (gunichar ch)
{
  switch (latin1_lower (ch))
    {
    case 'a': case 'e': case 'o': case 'u': case 'y': case 0x00F4: case 0x00F6:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Whether @mark after @base makes a VNI letter; fills the combining marks
 * the letter decomposes to. */
static gboolean
vni_combine (gunichar  base,
             gunichar  mark,
             gunichar *out_base,
             gunichar *out_quality,
             gunichar *out_tone)
{
  gunichar base_lower = latin1_lower (base);
  gunichar mark_lower = latin1_lower (mark);
  gboolean upper = latin1_is_upper (base);
  const VniMark *m = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (vni_marks); i++)
    if (vni_marks[i].mark == mark_lower)
      m = &vni_marks[i];
  if (m == NULL)
    return FALSE;

  switch (base_lower)
    {
    case 'a':
      break;
    case 'e':
    case 'o':
      if (m->quality == COMBINING_BREVE)
        return FALSE;
      break;
    case 'u':
    case 0x00F4: /* ơ */
    case 0x00F6: /* ư */
      if (m->quality != 0)
        return FALSE;
      break;
    case 'y':
      /* ỵ is a single byte (î) */
      if (m->quality != 0 || m->tone == COMBINING_DOT_BELOW)
        return FALSE;
      break;
    default:
      return FALSE;
    }

  *out_quality = m->quality;
  *out_tone = m->tone;
  if (base_lower == 0x00F4 || base_lower == 0x00F6)
    {
      *out_base = base_lower == 0x00F4 ? 'o' : 'u';
      *out_quality = COMBINING_HORN;
    }
  else
    *out_base = base_lower;
  if (upper)
    *out_base = g_ascii_toupper ((char) *out_base);
  return TRUE;
}

/* VNI letters written as a single byte. */
static gunichar
vni_single (gunichar ch)
{
  gboolean upper = latin1_is_upper (ch);
  gunichar letter;

  switch (latin1_lower (ch))
    {
    case 0x00F4: letter = 0x01A1; break; /* ô → ơ */
    case 0x00F6: letter = 0x01B0; break; /* ö → ư */
    case 0x00F1: letter = 0x0111; break; /* ñ → đ */
    case 0x00ED: letter = 0x00ED; break; /* í */
    case 0x00EC: letter = 0x00EC; break; /* ì */
    case 0x00E6: letter = 0x1EC9; break; /* æ → ỉ */
    case 0x00F3: letter = 0x0129; break; /* ó → ĩ */
    case 0x00F2: letter = 0x1ECB; break; /* ò → ị */
    case 0x00EE: letter = 0x1EF5; break; /* î → ỵ */
    default: return 0;
    }
  return upper ? g_unichar_toupper (letter) : letter;
}

/* CP1252 in 0x80–0x9F (the rest of the byte range is Latin-1); CP1258
 * shares these but for 0x8A 0x8E 0x9A 0x9E. 0 is undefined. */
static const gunichar cp1252_c1[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* The byte a character had before being decoded as CP1252 (or Latin-1),
 * or -1 when it cannot have come from a single byte. */
static int
cp1252_byte (gunichar ch)
{
  if (ch < 0x100)
    return (int) ch;
  for (guint i = 0; i < G_N_ELEMENTS (cp1252_c1); i++)
    if (cp1252_c1[i] == ch)
      return 0x80 + (int) i;
  return -1;
}

/* Windows-1258, 0x80–0xFF. It keeps Latin-1 where it can, adds ă đ ơ ư
 * and their capitals, and the five tone marks as combining characters.
 * 0xFFFD marks the undefined bytes. */
static const gunichar cp1258_table[128] = {
  /* 80 */ 0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  /* 88 */ 0x02C6, 0x2030, 0xFFFD, 0x2039, 0x0152, 0xFFFD, 0xFFFD, 0xFFFD,
  /* 90 */ 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  /* 98 */ 0x02DC, 0x2122, 0xFFFD, 0x203A, 0x0153, 0xFFFD, 0xFFFD, 0x0178,
  /* A0 */ 0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
  /* A8 */ 0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
  /* B0 */ 0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
  /* B8 */ 0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
  /* C0 */ 0x00C0, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
  /* C8 */ 0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x0300, 0x00CD, 0x00CE, 0x00CF,
  /* D0 */ 0x0110, 0x00D1, 0x0309, 0x00D3, 0x00D4, 0x01A0, 0x00D6, 0x00D7,
  /* D8 */ 0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x01AF, 0x0303, 0x00DF,
  /* E0 */ 0x00E0, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
  /* E8 */ 0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0301, 0x00ED, 0x00EE, 0x00EF,
  /* F0 */ 0x0111, 0x00F1, 0x0323, 0x00F3, 0x00F4, 0x01A1, 0x00F6, 0x00F7,
  /* F8 */ 0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x01B0, 0x20AB, 0x00FF,
};

char *
tp_text_from_cp1258 (const char *bytes,
                     gsize       len)
{
  g_autoptr(GString) out = NULL;

  if (bytes == NULL)
    return NULL;
  if (len == (gsize) -1)
    len = strlen (bytes);

  out = g_string_sized_new (len + len / 2);
  for (gsize i = 0; i < len; i++)
    {
      guchar b = (guchar) bytes[i];

      if (b == 0)
        continue;
      if (b < 0x80)
        g_string_append_c (out, (char) b);
      else
        g_string_append_unichar (out, cp1258_table[b - 0x80]);
    }

  return g_utf8_normalize (out->str, out->len, G_NORMALIZE_NFC);
}

/* Letters that only genuine Unicode Vietnamese text contains: they are
 * outside Latin-1 and CP1252, so no mojibake can hold them. */
static gboolean
is_unicode_vietnamese (gunichar ch)
{
  switch (ch)
    {
    case 0x0102: case 0x0103: case 0x0110: case 0x0111:
    case 0x0128: case 0x0129: case 0x0168: case 0x0169:
    case 0x01A0: case 0x01A1: case 0x01AF: case 0x01B0:
      return TRUE;
    default:
      return (ch >= 0x1EA0 && ch <= 0x1EF9) || (ch >= 0x0300 && ch <= 0x036F);
    }
}

static inline gboolean
is_ascii_letter (gunichar ch)
{
  return ch < 0x80 && g_ascii_isalpha ((char) ch);
}

static inline gboolean
is_ascii_lower (gunichar ch)
{
  return ch >= 'a' && ch <= 'z';
}

/* How much a VNI base + mark pair argues for VNI: 2 when ordinary text
 * almost never has it, 1 when Western names do (Raúl, João, Raphaël,
 * naïve, où), 0 when genuine Vietnamese in Latin-1 letters has it too
 * ("Hoà", "Thanh Hoá" read as VNI "Hồ", "Hố"). */
static int
vni_pair_weight (gunichar base,
                 gunichar mark)
{
  gunichar b = latin1_lower (base);
  gunichar m = latin1_lower (mark);
  gunichar unused_base, unused_quality, unused_tone;

  if (!vni_combine (base, mark, &unused_base, &unused_quality, &unused_tone))
    return 0;

  if (b == 'o' && (m == 0x00E0 || m == 0x00E1))  /* oà oá */
    return 0;
  if (b == 'a' && (m == 0x00E9 || m == 0x00FA || m == 0x00FC || m == 0x00EB || m == 0x00EF))
    return 1;                                   /* aé aú aü aë aï */
  if (b == 'o' && (m == 0x00E3 || m == 0x00F9 || m == 0x00FB || m == 0x00EF))
    return 1;                                   /* oã où oû oï */
  if ((b == 'u' || b == 'e') && m == 0x00EF)
    return 1;                                   /* uï eï */
  return 2;
}

/* Whether @word (NFC) is a well-formed Vietnamese syllable: an initial
 * consonant, a vowel cluster Vietnamese uses, a final consonant, at most
 * one tone, and only sắc or nặng before a final c, ch, p or t. Mojibake
 * decoded the right way gives such words; Western words read as TCVN3 or
 * VNI almost never do. */
static const char * const vowel_clusters[] = {
  "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
  "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa",
  "oă", "oe", "oi", "oo", "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ",
  "uy", "ưa", "ưi", "ươ", "ưu", "yê", "iêu", "yêu", "oai", "oay", "oao",
  "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyê", "uyu",
};

static const char * const initial_consonants[] = {
  "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m",
  "n", "ng", "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
};

static const char * const final_consonants[] = {
  "", "c", "ch", "m", "n", "ng", "nh", "p", "t",
};

static gboolean
in_list (const char * const *list,
         gsize               n,
         const char         *s)
{
  for (gsize i = 0; i < n; i++)
    if (strcmp (list[i], s) == 0)
      return TRUE;
  return FALSE;
}

static inline gboolean
is_vowel_letter (gunichar ch)
{
  return strchr ("aeiouy", (int) (ch < 0x80 ? ch : 1)) != NULL
      || ch == 0x0103 || ch == 0x00E2 || ch == 0x00EA || ch == 0x00F4
      || ch == 0x01A1 || ch == 0x01B0;
}

static gboolean
is_vietnamese_syllable (const char *word)
{
  g_autofree char *lower = g_utf8_strdown (word, -1);
  g_autofree char *nfd = g_utf8_normalize (lower, -1, G_NORMALIZE_NFD);
  g_autoptr(GString) toneless = g_string_new (NULL);
  g_autofree char *letters = NULL;
  gunichar tone = 0;
  const char *p;
  const char *vowels;
  const char *finals;
  g_autofree char *initial = NULL;
  g_autofree char *cluster = NULL;

  for (p = nfd; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (ch == COMBINING_GRAVE || ch == COMBINING_HOOK || ch == COMBINING_TILDE
          || ch == COMBINING_ACUTE || ch == COMBINING_DOT_BELOW)
        {
          if (tone != 0)
            return FALSE;
          tone = ch;
        }
      else
        g_string_append_unichar (toneless, ch);
    }

  letters = g_utf8_normalize (toneless->str, -1, G_NORMALIZE_NFC);

  for (vowels = letters; *vowels != '\0' && !is_vowel_letter (g_utf8_get_char (vowels));
       vowels = g_utf8_next_char (vowels))
    ;
  for (finals = vowels; *finals != '\0' && is_vowel_letter (g_utf8_get_char (finals));
       finals = g_utf8_next_char (finals))
    ;
  if (vowels == finals)
    return FALSE;

  initial = g_strndup (letters, vowels - letters);
  cluster = g_strndup (vowels, finals - vowels);

  /* "qu" and "gi" borrow the first vowel: qua, quyê(n), gia, giê(ng). */
  if ((strcmp (initial, "q") == 0 && cluster[0] == 'u')
      || (strcmp (initial, "g") == 0 && cluster[0] == 'i' && cluster[1] != '\0'))
    {
      char *rest = g_strdup (cluster + 1);
      char *joined = g_strconcat (initial, cluster[0] == 'u' ? "u" : "i", NULL);

      g_free (initial);
      initial = joined;
      g_free (cluster);
      cluster = rest;
      if (cluster[0] == '\0' || cluster[0] == 'u')
        return FALSE;
    }

  if (!in_list (initial_consonants, G_N_ELEMENTS (initial_consonants), initial)
      || !in_list (vowel_clusters, G_N_ELEMENTS (vowel_clusters), cluster)
      || !in_list (final_consonants, G_N_ELEMENTS (final_consonants), finals))
    return FALSE;

  if ((strcmp (finals, "c") == 0 || strcmp (finals, "ch") == 0
       || strcmp (finals, "p") == 0 || strcmp (finals, "t") == 0)
      && tone != COMBINING_ACUTE && tone != COMBINING_DOT_BELOW)
    return FALSE;

  return TRUE;
}

static char *from_tcvn3 (const char *text);
static char *from_vni (const char *text);

/* Word-level evidence for one encoding, from words with a non-ASCII
 * character and an ASCII letter: words the decoding turns into Vietnamese
 * syllables, though they were not one as typed, count for it; words it
 * turns into nonsense, or leaves accented and foreign, count against it. */
static int
syllable_evidence (char       **words,
                   char      *(*decode) (const char *),
                   int         *good_out)
{
  int good = 0;
  int bad = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *decoded = NULL;
      const char *w = words[i];
      gboolean plain = TRUE;
      gboolean has_letter = FALSE;

      for (const char *p = w; *p != '\0'; p++)
        {
          if ((guchar) *p >= 0x80)
            plain = FALSE;
          else if (g_ascii_isalpha (*p))
            has_letter = TRUE;
        }
      /* Plain ASCII says nothing; symbols on their own ("©", "½") are
       * more likely symbols than one-letter words. */
      if (plain || !has_letter)
        continue;

      decoded = decode (w);
      if (strcmp (decoded, w) == 0)
        {
          /* Accented but untouched and not Vietnamese: "boulangère" is not
           * from a VNI file. */
          if (!is_vietnamese_syllable (w))
            bad++;
          continue;
        }

      if (!is_vietnamese_syllable (decoded))
        bad++;
      else if (!is_vietnamese_syllable (w))
        good++;
    }

  *good_out = good;
  return 2 * good - 2 * bad;
}

/* Splits @text into words, dropping punctuation at either end of each. */
static char **
split_for_evidence (const char *text)
{
  g_auto(GStrv) raw = g_strsplit_set (text, " \t\n\r", -1);
  GPtrArray *words = g_ptr_array_new ();

  for (guint i = 0; raw[i] != NULL; i++)
    {
      const char *start = raw[i];
      const char *end = raw[i] + strlen (raw[i]);

      while (*start != '\0' && strchr (",.;:!?()\"-'", *start) != NULL)
        start++;
      while (end > start && strchr (",.;:!?()\"-'", end[-1]) != NULL)
        end--;
      if (end > start)
        g_ptr_array_add (words, g_strndup (start, end - start));
    }

  g_ptr_array_add (words, NULL);
  return (char **) g_ptr_array_free (words, FALSE);
}

static inline gboolean
is_word_char (gunichar ch)
{
  return is_ascii_letter (ch) || tcvn3_decode (ch) != 0;
}

TpLegacyEncoding
tp_text_detect_legacy (const char *text)
{
  g_autofree gunichar *chars = NULL;
  glong n_chars = 0;
  int tcvn3_points = 0;
  int vni_points = 0;
  int vni_strong = 0;
  int vni_weak = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return TP_LEGACY_NONE;

  chars = g_utf8_to_ucs4_fast (text, -1, &n_chars);

  for (glong i = 0; i < n_chars; i++)
    {
      if (is_unicode_vietnamese (chars[i]) || cp1252_byte (chars[i]) < 0)
        return TP_LEGACY_NONE;
    }

  for (glong i = 0; i < n_chars; i++)
    {
      gunichar ch = chars[i];
      gunichar prev = i > 0 ? chars[i - 1] : 0;
      gunichar next = i + 1 < n_chars ? chars[i + 1] : 0;
      gunichar tcvn3 = tcvn3_decode (ch);

      /* TCVN3: its symbol-range codes (¨ © ª « ¬ ® µ ¶ · ¸ ¹ » ¼ ½ ¾ § …)
       * used as letters, i.e. inside a word, starting one before a
       * lowercase letter, or ending one after a letter when the vowel can
       * end a syllable (so "Microsoft®" and "«Bonjour»" do not count). */
      if (tcvn3 != 0 && ch <= 0xBF)
        {
          gboolean after_letter = is_word_char (prev);
          gboolean before_letter = is_word_char (next);

          if (ch == 0x00AD && tcvn3_decode (prev) == 0 && tcvn3_decode (next) == 0)
            {
              /* a soft hyphen between plain letters is a hyphenation hint */
            }
          else if (ch == 0x00B7 && latin1_lower (prev) == 'l' && latin1_lower (next) == 'l')
            {
              /* Catalan "l·l" */
            }
          else if (after_letter && before_letter)
            tcvn3_points += 2;
          else if (!after_letter
                   && (is_ascii_lower (next) || g_unichar_islower (tcvn3_decode (next)))
                   && ch != 0x00A1 && ch != 0x00AB && ch != 0x00B5) /* ¡hola «mot µm */
            tcvn3_points += 2;
          else if (after_letter && !before_letter && can_end_syllable (tcvn3))
            tcvn3_points += 2;
        }
      /* TCVN3 lowercase letters that are Latin-1 capitals: "NguyÔn",
       * "TrÇn". Ordinary text has no capital after a lowercase letter
       * inside a word; ß is left out for German. */
      else if (tcvn3 != 0 && ch >= 0xC0 && ch <= 0xDE
               && (is_ascii_lower (prev) || (tcvn3_decode (prev) != 0
                                             && !latin1_is_upper (prev))))
        tcvn3_points += 2;

      /* VNI: a base vowel followed by a mark byte. No mark byte is also a
       * base byte, so pairs never overlap. */
      if (vni_is_base (prev))
        {
          int weight = vni_pair_weight (prev, ch);

          if (weight == 2)
            vni_strong++;
          else if (weight == 1)
            vni_weak++;
        }
    }

  {
    g_auto(GStrv) words = split_for_evidence (text);
    gboolean vni_pairs_found = vni_strong > 0 || vni_weak >= 2;
    int tcvn3_good = 0;
    int vni_good = 0;

    tcvn3_points += syllable_evidence (words, from_tcvn3, &tcvn3_good);
    /* The base + mark pairs only break ties: "Leâ" also reads as TCVN3
     * "Leõ", which is shaped like a syllable. */
    vni_points = syllable_evidence (words, from_vni, &vni_good)
                 + (vni_pairs_found ? 1 : 0);
  }

  if (tcvn3_points > 0 && tcvn3_points > vni_points)
    return TP_LEGACY_TCVN3;
  if (vni_points > 0 && vni_points > tcvn3_points)
    return TP_LEGACY_VNI;
  return TP_LEGACY_NONE;
}

/* TCVN3 capitals with tone marks come from .VnTimeH fonts, which draw the
 * lowercase codes as capitals: in an all-capitals word ("NGUYÔN",
 * "TRÇN") the lowercase codes are read as capitals. */
static gboolean
tcvn3_word_is_capitals (const gunichar *chars,
                        glong           start,
                        glong           end)
{
  guint capitals = 0;

  for (glong i = start; i < end; i++)
    {
      gunichar ch = chars[i];
      gunichar letter = tcvn3_decode (ch);

      if (is_ascii_lower (ch))
        return FALSE;
      if ((ch >= 'A' && ch <= 'Z') || (letter != 0 && g_unichar_isupper (letter)))
        capitals++;
    }

  return capitals >= 2;
}

static char *
from_tcvn3 (const char *text)
{
  g_autofree gunichar *chars = NULL;
  glong n_chars = 0;
  g_autoptr(GString) out = g_string_sized_new (strlen (text) + 16);
  glong word_start = 0;
  gboolean capitals = FALSE;

  chars = g_utf8_to_ucs4_fast (text, -1, &n_chars);

  for (glong i = 0; i < n_chars; i++)
    {
      gunichar ch = chars[i];
      gunichar letter;

      if (i == 0 || is_space (chars[i - 1]))
        {
          glong end;

          word_start = i;
          for (end = i; end < n_chars && !is_space (chars[end]); end++)
            ;
          capitals = tcvn3_word_is_capitals (chars, word_start, end);
        }

      letter = tcvn3_decode (ch);
      if (letter == 0)
        letter = ch;
      else if (capitals)
        letter = g_unichar_toupper (letter);
      g_string_append_unichar (out, letter);
    }

  return g_utf8_normalize (out->str, out->len, G_NORMALIZE_NFC);
}

static char *
from_vni (const char *text)
{
  g_autofree gunichar *chars = NULL;
  glong n_chars = 0;
  g_autoptr(GString) out = g_string_sized_new (strlen (text) + 16);

  chars = g_utf8_to_ucs4_fast (text, -1, &n_chars);

  for (glong i = 0; i < n_chars; i++)
    {
      gunichar ch = chars[i];
      gunichar base, quality, tone, single;

      if (i + 1 < n_chars && vni_combine (ch, chars[i + 1], &base, &quality, &tone))
        {
          g_string_append_unichar (out, base);
          if (quality != 0)
            g_string_append_unichar (out, quality);
          if (tone != 0)
            g_string_append_unichar (out, tone);
          i++;
        }
      else if ((single = vni_single (ch)) != 0)
        g_string_append_unichar (out, single);
      else
        g_string_append_unichar (out, ch);
    }

  return g_utf8_normalize (out->str, out->len, G_NORMALIZE_NFC);
}

static char *
from_cp1258_mojibake (const char *text)
{
  g_autoptr(GString) bytes = g_string_sized_new (strlen (text));
  g_autoptr(GString) out = g_string_sized_new (strlen (text) + 16);
  const char *p;

  /* Back to the original bytes, decoding each run through CP1258; what
   * cannot have been a CP1252 byte is kept as it is. */
  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);
      int b = cp1252_byte (ch);

      if (b >= 0)
        g_string_append_c (bytes, (char) b);
      else
        {
          g_autofree char *run = tp_text_from_cp1258 (bytes->str, bytes->len);

          g_string_append (out, run);
          g_string_truncate (bytes, 0);
          g_string_append_unichar (out, ch);
        }
    }

  {
    g_autofree char *run = tp_text_from_cp1258 (bytes->str, bytes->len);
    g_string_append (out, run);
  }

  return g_utf8_normalize (out->str, out->len, G_NORMALIZE_NFC);
}

char *
tp_text_from_legacy (const char       *text,
                     TpLegacyEncoding  encoding)
{
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  switch (encoding)
    {
    case TP_LEGACY_TCVN3:
      return from_tcvn3 (text);
    case TP_LEGACY_VNI:
      return from_vni (text);
    case TP_LEGACY_CP1258:
      return from_cp1258_mojibake (text);
    case TP_LEGACY_NONE:
    default:
      return g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
    }
}
