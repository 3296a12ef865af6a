/* test-text.c: the Vietnamese text rules as a user meets them: search that
 * finds "Đặng" from "dang", names listed by given name in dictionary order,
 * old TCVN3/VNI spreadsheets read back as proper Vietnamese. */
#include "config.h"

#include <string.h>

#include "tp-text.h"

/* "Nguyễn" typed on the Windows Vietnamese keyboard: e + circumflex +
 * tilde as combining marks (NFD). */
#define NGUYEN_NFD "Nguye\xcc\x82\xcc\x83n"
/* "Đặng Thị Hoà" in NFD: ặ = a + dot below + breve, ị = i + dot below. */
#define DANG_THI_HOA_NFD "\xc4\x90" "a\xcc\xa3\xcc\x86ng Thi\xcc\xa3 Hoa\xcc\x80"

static void
test_normalize_nfd_input (void)
{
  g_autofree char *nfc = tp_text_normalize (NGUYEN_NFD);
  g_autofree char *hoa = tp_text_normalize (DANG_THI_HOA_NFD);

  g_assert_cmpstr (nfc, ==, "Nguyễn");
  g_assert_cmpstr (hoa, ==, "Đặng Thị Hoà");
}

static void
test_normalize_white_space (void)
{
  g_autofree char *a = tp_text_normalize ("  Lê \t Văn\u00a0\u00a0Tám \n");
  g_autofree char *b = tp_text_normalize ("\ufeffNguyễn Thị  Minh Khai");
  g_autofree char *empty = tp_text_normalize (" \t ");

  g_assert_cmpstr (a, ==, "Lê Văn Tám");
  g_assert_cmpstr (b, ==, "Nguyễn Thị Minh Khai");
  g_assert_cmpstr (empty, ==, "");
  g_assert_null (tp_text_normalize (NULL));
  g_assert_null (tp_text_normalize ("Nguy\xff\xfen"));
}

static void
test_fold_basic (void)
{
  struct { const char *in; const char *out; } cases[] = {
    { "Đặng", "dang" },
    { "Nguyễn", "nguyen" },
    { NGUYEN_NFD, "nguyen" },
    { "Đặng Thị Hoà", "dang thi hoa" },
    { DANG_THI_HOA_NFD, "dang thi hoa" },
    { "  TRƯƠNG\u00a0\tThị   ÁNH ", "truong thi anh" },
    { "Ngô Bảo Châu", "ngo bao chau" },
    { "Dương Văn Minh", "duong van minh" },
    { "H'Maryam Niê", "h'maryam nie" },
    { "Müller", "muller" },
    { "Straße", "strasse" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = tp_text_fold (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }
}

static void
test_fold_tone_placement (void)
{
  /* Old ("hoà", "thuỷ") and new ("hòa", "thủy") tone placement, NFC and
   * NFD, all fold alike. */
  const char *hoa[] = { "Hòa", "Hoà", "HOÀ", "Ho\xcc\x80" "a", "Hoa\xcc\x80" };
  const char *thuy[] = { "Thủy", "Thuỷ", "THỦY", "Thu\xcc\x89y", "Thuy\xcc\x89" };

  for (guint i = 0; i < G_N_ELEMENTS (hoa); i++)
    {
      g_autofree char *f = tp_text_fold (hoa[i]);
      g_assert_cmpstr (f, ==, "hoa");
    }
  for (guint i = 0; i < G_N_ELEMENTS (thuy); i++)
    {
      g_autofree char *f = tp_text_fold (thuy[i]);
      g_assert_cmpstr (f, ==, "thuy");
    }
}

static gboolean
search (const char *haystack,
        const char *query)
{
  g_autofree char *h = tp_text_fold (haystack);
  g_autofree char *q = tp_text_fold (query);

  return tp_text_matches (h, q);
}

static void
test_matches (void)
{
  g_assert_true (search ("Đặng Thị Hoà", "dang"));
  g_assert_true (search ("Đặng Thị Hoà", "DANG"));
  g_assert_true (search ("Trần Thị Hòa", "hoa"));
  g_assert_true (search ("Trần Thị Hoà", "hoa"));
  g_assert_true (search ("Trần Thị Hoà", "Hòa"));
  g_assert_true (search ("Lê Thị Thủy", "thuy"));
  g_assert_true (search ("Lê Thị Thuỷ", "thuy"));
  g_assert_true (search ("Lê Thị Thuỷ", "Thủy"));
  g_assert_true (search ("Nguyễn Văn An", "nguyen van"));
  g_assert_true (search ("Nguyễn Văn An", NGUYEN_NFD));
  g_assert_true (search (NGUYEN_NFD " Văn An", "Nguyễn"));
  g_assert_true (search ("Nguyễn  Văn\u00a0An", "nguyen van an"));
  g_assert_true (search ("Nguyễn Văn An", ""));
  g_assert_false (search ("Nguyễn Văn An", "anh"));
  g_assert_false (search ("Đặng Thị Hoà", "dung"));
}

static void
check_split (const char *full,
             const char *family,
             const char *middle,
             const char *given)
{
  g_autofree char *f = NULL;
  g_autofree char *m = NULL;
  g_autofree char *g = NULL;

  tp_text_split_name (full, &f, &m, &g);
  g_assert_cmpstr (f, ==, family);
  g_assert_cmpstr (m, ==, middle);
  g_assert_cmpstr (g, ==, given);
}

static void
test_split_name (void)
{
  check_split ("Nguyễn Thị Minh Khai", "Nguyễn", "Thị Minh", "Khai");
  check_split ("  Lê   Văn  Tám ", "Lê", "Văn", "Tám");
  check_split ("Hùng", NULL, NULL, "Hùng");
  check_split ("Trần An", "Trần", NULL, "An");
  check_split (NGUYEN_NFD " Văn An", "Nguyễn", "Văn", "An");
  check_split ("   ", NULL, NULL, NULL);
  check_split (NULL, NULL, NULL, NULL);
}

static int
compare_keys (const char *a,
              const char *b)
{
  g_autofree char *ka = tp_text_collate_key (a);
  g_autofree char *kb = tp_text_collate_key (b);

  return strcmp (ka, kb);
}

static void
test_collate_key_letters (void)
{
  /* Each word sorts strictly before the next. */
  const char *order[] = {
    "a", "A", "à", "ả", "ã", "á", "ạ", "an", "anh",
    "ă", "ắc", "â", "ấn", "b", "c", "d", "dz", "đ", "đa", "e", "ê",
    "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
  };

  for (guint i = 0; i + 1 < G_N_ELEMENTS (order); i++)
    {
      if (compare_keys (order[i], order[i + 1]) >= 0)
        g_error ("expected \"%s\" < \"%s\"", order[i], order[i + 1]);
    }
}

static void
test_collate_key_properties (void)
{
  g_autofree char *nfc = tp_text_collate_key ("Nguyễn Đặng Hoà");
  g_autofree char *nfd = tp_text_collate_key (NGUYEN_NFD " " DANG_THI_HOA_NFD);
  g_autofree char *nfc2 = tp_text_collate_key ("Nguyễn Đặng Thị Hoà");
  g_autofree char *spaced = tp_text_collate_key ("  Nguyễn \u00a0Đặng  Thị Hoà");
  const char *p;
  int separators = 0;

  g_assert_cmpstr (nfd, ==, nfc2);
  g_assert_cmpstr (spaced, ==, nfc2);

  /* Two level separators, nothing else at or below 0x01. */
  for (p = nfc; *p != '\0'; p++)
    {
      if (*p == '\x01')
        separators++;
    }
  g_assert_cmpint (separators, ==, 2);

  /* Digits before letters, Đ after every D word, not after Z. */
  g_assert_cmpint (compare_keys ("Lớp 2", "Lớp A"), <, 0);
  g_assert_cmpint (compare_keys ("Dương", "Đào"), <, 0);
  g_assert_cmpint (compare_keys ("Đào", "Giang"), <, 0);
  /* Tones are secondary: "Hạ Long" < "Hà Nội" because L < N. */
  g_assert_cmpint (compare_keys ("Hạ Long", "Hà Nội"), <, 0);
  /* Lowercase before uppercase, only when all else is equal. */
  g_assert_cmpint (compare_keys ("an", "An"), <, 0);
  g_assert_cmpint (compare_keys ("An", "án"), <, 0);
}

typedef struct
{
  const char *family;
  const char *middle;
  const char *given;
  const char *override;
  const char *label;
} Person;

/* In the order the list must show them: by given name (letters first, then
 * tones none < huyền < hỏi < ngã < sắc < nặng), then middle name (none
 * first), then family name. */
static const Person people_in_order[] = {
  { "Trần",     NULL,        "An",    NULL,         "Trần An" },
  { "Lê",       "Văn",       "An",    NULL,         "Lê Văn An" },
  { "Nguyễn",   "Văn",       "An",    NULL,         "Nguyễn Văn An" },
  { "Trần",     "Thị",       "Anh",   NULL,         "Trần Thị Anh" },
  { "Phạm",     "Thị",       "Ánh",   NULL,         "Phạm Thị Ánh" },
  { "Vũ",       "Hồng",      "Ân",    NULL,         "Vũ Hồng Ân" },
  { "Hoàng",    "Thị",       "Chi",   NULL,         "Hoàng Thị Chi" },
  /* Ê Đê: given name first, clan name last; sorted by the name without
   * the H' prefix. Č is c with a secondary mark. */
  { "Êban",     NULL,        "H'Či",  "Či Êban",    "H'Či Êban" },
  { "Lý",       "Thị",       "Cúc",   NULL,         "Lý Thị Cúc" },
  { "Dương",    "Thị",       "Dung",  NULL,         "Dương Thị Dung" },
  { "Đào",      "Thị",       "Dung",  NULL,         "Đào Thị Dung" },
  { "Lê",       "Thị",       "Đào",   NULL,         "Lê Thị Đào" },
  { "Vũ",       "Thị",       "Ha",    NULL,         "Vũ Thị Ha" },
  { "Trần",     "Thị",       "Hà",    NULL,         "Trần Thị Hà" },
  { "Phan",     "Thị",       "Hả",    NULL,         "Phan Thị Hả" },
  { "Nguyễn",   "Thị",       "Hã",    NULL,         "Nguyễn Thị Hã" },
  { "Lê",       "Thị",       "Há",    NULL,         "Lê Thị Há" },
  { "Đỗ",       "Thị",       "Hạ",    NULL,         "Đỗ Thị Hạ" },
  { "Bùi",      "Thúy",      "Hằng",  NULL,         "Bùi Thúy Hằng" },
  { "Tạ",       "Ngọc",      "Hân",   NULL,         "Tạ Ngọc Hân" },
  { "Nguyễn",   "Thị Minh",  "Khai",  NULL,         "Nguyễn Thị Minh Khai" },
  { "Bùi",      NULL,        "Lan",   NULL,         "Bùi Lan" },
  { "Lê",       "Ngọc",      "Lan",   NULL,         "Lê Ngọc Lan" },
  { "Nguyễn",   "Thị",       "Lan",   NULL,         "Nguyễn Thị Lan" },
  { "Trần",     "Thị",       "Lan",   NULL,         "Trần Thị Lan" },
  { "Võ",       "Thị",       "Loan",  NULL,         "Võ Thị Loan" },
  { "Phan",     "Văn",       "Lộc",   NULL,         "Phan Văn Lộc" },
  { "Trương",   "Văn",       "Lợi",   NULL,         "Trương Văn Lợi" },
  { "Niê",      NULL,        "H'Maryam", "Maryam Niê", "H'Maryam Niê" },
  { "Đặng",     "Văn",       "Minh",  NULL,         "Đặng Văn Minh" },
  { "Đinh",     "Thị",       "Thu",   NULL,         "Đinh Thị Thu" },
  { "Mai",      "Anh",       "Thư",   NULL,         "Mai Anh Thư" },
  { "Lưu",      "Anh",       "Tú",    NULL,         "Lưu Anh Tú" },
  { "Hà",       "Văn",       "Tư",    NULL,         "Hà Văn Tư" },
};

typedef struct
{
  const Person *person;
  char *key;
} KeyedPerson;

static int
keyed_person_compare (gconstpointer a,
                      gconstpointer b)
{
  const KeyedPerson *pa = a;
  const KeyedPerson *pb = b;

  return strcmp (pa->key, pb->key);
}

static void
test_name_sort_order (void)
{
  guint n = G_N_ELEMENTS (people_in_order);
  g_autofree KeyedPerson *list = g_new0 (KeyedPerson, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20250704);

  for (guint i = 0; i < n; i++)
    list[i].person = &people_in_order[i];

  /* Fisher–Yates with a fixed seed. */
  for (guint i = n - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (rand, 0, (gint32) i + 1);
      KeyedPerson tmp = list[i];

      list[i] = list[j];
      list[j] = tmp;
    }

  for (guint i = 0; i < n; i++)
    {
      const Person *p = list[i].person;
      list[i].key = tp_text_name_sort_key (p->family, p->middle, p->given, p->override);
    }

  qsort (list, n, sizeof *list, keyed_person_compare);

  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (list[i].person->label, ==, people_in_order[i].label);
      g_free (list[i].key);
    }
}

static int
compare_names (const char *family_a,
               const char *middle_a,
               const char *given_a,
               const char *family_b,
               const char *middle_b,
               const char *given_b)
{
  g_autofree char *a = tp_text_name_sort_key (family_a, middle_a, given_a, NULL);
  g_autofree char *b = tp_text_name_sort_key (family_b, middle_b, given_b, NULL);

  return strcmp (a, b);
}

static void
test_name_sort_key_rules (void)
{
  g_autofree char *nfd = tp_text_name_sort_key (NGUYEN_NFD, "Văn", "An", NULL);
  g_autofree char *nfc = tp_text_name_sort_key ("Nguyễn", "Văn", "An", NULL);
  g_autofree char *override = tp_text_name_sort_key ("Niê", NULL, "H'Maryam", "Maryam Niê");
  g_autofree char *blank_override = tp_text_name_sort_key ("Nguyễn", "Văn", "An", "  ");

  g_assert_cmpstr (nfd, ==, nfc);
  g_assert_cmpstr (blank_override, ==, nfc);
  g_assert_cmpstr (override, !=, nfc);

  /* "An" before "Anh" whatever the family name. */
  g_assert_cmpint (compare_names ("Lê", "Văn", "An", "Trần", "Thị", "Anh"), <, 0);
  g_assert_cmpint (compare_names ("Trần", "Thị", "An", "Lê", "Văn", "Anh"), <, 0);
  /* Same given name: no middle name first, then by middle name. */
  g_assert_cmpint (compare_names ("Trần", NULL, "An", "Nguyễn", "Văn", "An"), <, 0);
  g_assert_cmpint (compare_names ("Trần", "", "An", "Nguyễn", "Văn", "An"), <, 0);
  g_assert_cmpint (compare_names ("Trần", "Bá", "An", "Lê", "Văn", "An"), <, 0);
  /* Then by family name, D before Đ. */
  g_assert_cmpint (compare_names ("Dương", "Văn", "An", "Đào", "Văn", "An"), <, 0);
}

/* Legacy text as it reaches us: the bytes of a .VnTime or VNI-Times cell
 * decoded as Windows-1252. */
typedef struct
{
  const char *mojibake;
  const char *unicode;
} LegacySample;

static const LegacySample tcvn3_samples[] = {
  { "NguyÔn V¨n Anh",          "Nguyễn Văn Anh" },
  { "TrÇn ThÞ Thu H»ng",       "Trần Thị Thu Hằng" },
  { "Lª Quang §¹o",            "Lê Quang Đạo" },
  { "Tr\u00ad¬ng ThÞ Thuû",    "Trương Thị Thuỷ" },
  { "Ng« B¶o Ch©u",            "Ngô Bảo Châu" },
  { "§Æng V¨n L©m",            "Đặng Văn Lâm" },
  { "Hoµng ThÞ Ngäc DiÔm",     "Hoàng Thị Ngọc Diễm" },
  { "§ç Huúnh Mü Lîi",         "Đỗ Huỳnh Mỹ Lợi" },
  { "Phßng Lao ®éng - Th\u00ad¬ng binh vµ X· héi",
    "Phòng Lao động - Thương binh và Xã hội" },
  /* .VnTimeH capitals: lowercase codes inside an all-capitals word. */
  { "NGUYÔN V¡N AN",           "NGUYỄN VĂN AN" },
};

static const LegacySample vni_samples[] = {
  { "Nguyeãn Vaên Anh",        "Nguyễn Văn Anh" },
  { "Traàn Thò Thu Haèng",     "Trần Thị Thu Hằng" },
  { "Leâ Quang Ñaïo",          "Lê Quang Đạo" },
  { "Tröông Thò Thuûy",        "Trương Thị Thủy" },
  { "Ngoâ Baûo Chaâu",         "Ngô Bảo Châu" },
  { "Ñaëng Vaên Laâm",         "Đặng Văn Lâm" },
  { "Huyønh Thò Ngoïc Dieãm",  "Huỳnh Thị Ngọc Diễm" },
  { "Ñoã Hoaøng Myõ Lôïi",     "Đỗ Hoàng Mỹ Lợi" },
  { "Hoà Chí Minh",            "Hồ Chí Minh" },
  { "NGUYEÃN VAÊN AN",         "NGUYỄN VĂN AN" },
  { "Phaïm Thò Kim Tuyeán",    "Phạm Thị Kim Tuyến" },
};

static void
test_legacy_tcvn3 (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (tcvn3_samples); i++)
    {
      g_autofree char *converted = tp_text_from_legacy (tcvn3_samples[i].mojibake,
                                                        TP_LEGACY_TCVN3);
      g_assert_cmpstr (converted, ==, tcvn3_samples[i].unicode);
      g_assert_cmpint (tp_text_detect_legacy (tcvn3_samples[i].mojibake), ==,
                       TP_LEGACY_TCVN3);
    }
}

static void
test_legacy_vni (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (vni_samples); i++)
    {
      g_autofree char *converted = tp_text_from_legacy (vni_samples[i].mojibake,
                                                        TP_LEGACY_VNI);
      g_assert_cmpstr (converted, ==, vni_samples[i].unicode);
    }

  /* "Hoà Chí Minh" is also a spelling of genuine Unicode text, so
   * detection must leave it alone; the others are unmistakable. */
  for (guint i = 0; i < G_N_ELEMENTS (vni_samples); i++)
    {
      if (g_str_equal (vni_samples[i].mojibake, "Hoà Chí Minh"))
        continue;
      if (tp_text_detect_legacy (vni_samples[i].mojibake) != TP_LEGACY_VNI)
        g_error ("\"%s\" not detected as VNI", vni_samples[i].mojibake);
    }
}

static void
test_legacy_detect_none (void)
{
  const char *ordinary[] = {
    "Nguyễn Văn Ánh", "Đặng Thị Hoà", "Trương Thị Thủy", "Hoàng Văn Toàn",
    "Thanh Hoá", "Khánh Hoà", "Lê Hà", "Hoà", "Hoàng Hoà", "Tâm", "Xuân Quỳnh",
    "H'Maryam Niê", "Y Moan Ênuôl",
    "Müller", "José", "François Müller", "Raúl García", "João Silva",
    "Raphaël", "naïve", "Chloé Noël", "Björn Ångström", "Straße", "Zoë",
    "Taphuan® 2025", "© 2025 Sở Lao động", "§ 2.1", "1½ days, 25 °C",
    "© 2025, § 3, ½ × 2 = 1, µg/l", "Où est la boulangère ?",
    "Le café coûte deux euros à Noël", "São Paulo", "Søren Kierkegaard",
    "The quick brown fox jumps over the lazy dog.", "", "Anh",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ordinary); i++)
    {
      if (tp_text_detect_legacy (ordinary[i]) != TP_LEGACY_NONE)
        g_error ("\"%s\" wrongly detected as legacy", ordinary[i]);
    }

  /* Converting plain text as "none" only normalises it. */
  {
    g_autofree char *same = tp_text_from_legacy (NGUYEN_NFD, TP_LEGACY_NONE);
    g_assert_cmpstr (same, ==, "Nguyễn");
  }
}

static void
test_cp1258 (void)
{
  /* Windows-1258 keeps tone marks apart: ê + U+0303, â + U+0300 ... */
  static const char bytes[] =
    "Nguy\xea\xden Thi\xf2 Ph\xfd\xf5ng, \xd0\xe3\xf2ng V\xe3n Tr\xe2\xccn";
  g_autofree char *text = tp_text_from_cp1258 (bytes, sizeof bytes - 1);
  g_autofree char *nul_terminated = tp_text_from_cp1258 ("Ho\xe0 Bi\xccnh", (gsize) -1);
  g_autofree char *ho = tp_text_from_cp1258 ("H\xf4\xcc", 3);
  g_autofree char *dong = tp_text_from_cp1258 ("10.000\xfe", 7);
  g_autofree char *mojibake = NULL;

  /* Composed to NFC: the precomposed letters, not base + marks. */
  g_assert_cmpstr (text, ==, "Nguyễn Thị Phương, Đặng Văn Trần");
  g_assert_cmpstr (nul_terminated, ==, "Hoà Bình");
  g_assert_cmpstr (ho, ==, "Hồ");
  g_assert_cmpstr (dong, ==, "10.000₫");

  /* The same bytes after a detour through Windows-1252 characters. */
  mojibake = tp_text_from_legacy ("Nguy\u00ea\u00den Tr\u00e2\u00ccn", TP_LEGACY_CP1258);
  g_assert_cmpstr (mojibake, ==, "Nguyễn Trần");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/normalize/nfd-input", test_normalize_nfd_input);
  g_test_add_func ("/text/normalize/white-space", test_normalize_white_space);
  g_test_add_func ("/text/fold/basic", test_fold_basic);
  g_test_add_func ("/text/fold/tone-placement", test_fold_tone_placement);
  g_test_add_func ("/text/fold/matches", test_matches);
  g_test_add_func ("/text/split-name", test_split_name);
  g_test_add_func ("/text/collate/letters", test_collate_key_letters);
  g_test_add_func ("/text/collate/properties", test_collate_key_properties);
  g_test_add_func ("/text/name-sort/order", test_name_sort_order);
  g_test_add_func ("/text/name-sort/rules", test_name_sort_key_rules);
  g_test_add_func ("/text/legacy/tcvn3", test_legacy_tcvn3);
  g_test_add_func ("/text/legacy/vni", test_legacy_vni);
  g_test_add_func ("/text/legacy/detect-none", test_legacy_detect_none);
  g_test_add_func ("/text/legacy/cp1258", test_cp1258);

  return g_test_run ();
}
