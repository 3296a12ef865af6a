/* bench-data.c: a synthetic province-scale bundle with realistic Vietnamese
 * names (family names weighted as in the population: Nguyễn about 38%). */
#include "config.h"

#include <stdio.h>

#include "bench.h"

static const struct { const char *name; int weight; } family_names[] = {
  { "Nguyễn", 380 }, { "Trần", 110 }, { "Lê", 95 }, { "Phạm", 70 }, { "Hoàng", 50 },
  { "Huỳnh", 30 }, { "Phan", 45 }, { "Vũ", 39 }, { "Võ", 20 }, { "Đặng", 21 },
  { "Bùi", 20 }, { "Đỗ", 14 }, { "Hồ", 13 }, { "Ngô", 13 }, { "Dương", 10 },
  { "Lý", 5 }, { "Lò", 8 }, { "Hà", 8 }, { "Đinh", 6 }, { "Lương", 4 },
  { "Sùng", 3 }, { "Giàng", 3 }, { "Vàng", 3 }, { "Tòng", 2 }, { "Quàng", 2 },
  { "Cầm", 2 }, { "Điêu", 2 }, { "Triệu", 3 }, { "Mai", 3 }, { "Trịnh", 4 },
};

static const char * const female_middle[] = {
  "Thị", "Thị", "Thị", "Thị Thu", "Thị Minh", "Ngọc", "Thanh", "Thu", "Thị Hồng", "Thị Kim",
  "Thị Ngọc", "Hoài", "Diệu", "Bảo", "Phương",
};
static const char * const male_middle[] = {
  "Văn", "Văn", "Văn", "Đức", "Minh", "Hữu", "Quốc", "Thanh", "Công", "Xuân", "Ngọc", "Trọng",
  "Đình", "Anh", "Bá",
};
static const char * const female_given[] = {
  "Anh", "Ánh", "Bình", "Châu", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền",
  "Hoa", "Hòa", "Hoà", "Hồng", "Huệ", "Hương", "Hường", "Lan", "Liên", "Linh", "Loan", "Mai",
  "My", "Nga", "Ngân", "Ngọc", "Nguyệt", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Sen",
  "Tâm", "Thảo", "Thắm", "Thơ", "Thủy", "Thuỷ", "Trang", "Trinh", "Tuyết", "Uyên", "Vân",
  "Xuân", "Yến", "Ly", "Huyền",
};
static const char * const male_given[] = {
  "An", "Anh", "Bảo", "Bình", "Cường", "Chiến", "Dũng", "Duy", "Đạt", "Đức", "Giang", "Hải",
  "Hiếu", "Hoàng", "Hùng", "Huy", "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Lực", "Mạnh",
  "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quang", "Quân", "Sơn", "Tài", "Thắng", "Thành",
  "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Páo", "Chứ", "Sình",
};
static const char * const organisations[] = {
  "UBND xã %s", "Hội Liên hiệp Phụ nữ xã %s", "Phòng Văn hóa - Xã hội xã %s",
  "Trường Tiểu học %s", "Trạm Y tế xã %s", "Đoàn Thanh niên xã %s", "Công an xã %s",
};
static const char * const places[] = {
  "Tam Đường", "Phong Thổ", "Sìn Hồ", "Mường Tè", "Than Uyên", "Tân Uyên", "Nậm Nhùn",
  "Bình Lư", "Khổng Lào", "Dào San", "Pa Tần", "Bum Nưa", "Mường Kim", "Ka Lăng",
};
static const char * const ethnicities[] = {
  "Kinh", "Kinh", "Kinh", "Thái", "Thái", "HMông", "HMông", "Dao", "Giáy", "Hà Nhì", "Lự",
  "Khơ-mú", "Tày", "Mường",
};
static const char * const course_types[] = {
  "tot-gender-equality", "tot-gbv", "gender-mainstreaming", "gender-knowledge",
  "communication", "other",
};
static const char * const target_groups[] = {
  "policy-drafters", "inspectors", "judicial-officers", "gender-equality-officers",
  "cfaw-members", "commune-leaders", "women-leaders-pool", "other",
};

#define PICK(rand, array) (array[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

char *
bench_random_name (GRand    *rand,
                   gboolean *female)
{
  int total = 0, r;
  const char *family = family_names[0].name;

  for (guint i = 0; i < G_N_ELEMENTS (family_names); i++)
    total += family_names[i].weight;
  r = g_rand_int_range (rand, 0, total);
  for (guint i = 0; i < G_N_ELEMENTS (family_names); i++)
    {
      if (r < family_names[i].weight)
        {
          family = family_names[i].name;
          break;
        }
      r -= family_names[i].weight;
    }
  *female = g_rand_int_range (rand, 0, 100) < 55;
  if (*female)
    return g_strdup_printf ("%s %s %s", family, PICK (rand, female_middle), PICK (rand, female_given));
  return g_strdup_printf ("%s %s %s", family, PICK (rand, male_middle), PICK (rand, male_given));
}

static char *
uuid_from (GRand *rand)
{
  return g_strdup_printf ("%08x-%04x-4%03x-a%03x-%04x%08x",
                          g_rand_int (rand), g_rand_int (rand) & 0xffff, g_rand_int (rand) & 0xfff,
                          g_rand_int (rand) & 0xfff, g_rand_int (rand) & 0xffff, g_rand_int (rand));
}

void
bench_write_bundle (const char *path,
                    guint       n_people,
                    guint       n_courses,
                    guint       enrolments_per_course,
                    guint       seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  FILE *out = fopen (path, "w");

  g_assert (out != NULL);
  fputs ("{\"format\":\"taphuan-bundle\",\"version\":1,\"people\":[\n", out);
  for (guint i = 0; i < n_people; i++)
    {
      gboolean female;
      g_autofree char *name = bench_random_name (rand, &female);
      g_autofree char *org = g_strdup_printf (PICK (rand, organisations), PICK (rand, places));
      char *id = uuid_from (rand);

      g_ptr_array_add (ids, id);
      fprintf (out,
               "%s{\"id\":\"%s\",\"full_name\":\"%s\",\"sex\":\"%s\",\"birth_year\":%d,"
               "\"ethnicity\":\"%s\",\"organization\":\"%s\",\"province_code\":\"12\","
               "\"target_group\":\"%s\",\"phone\":\"09%08u\"}\n",
               i ? "," : "", id, name, female ? "female" : "male",
               g_rand_int_range (rand, 1960, 2002), PICK (rand, ethnicities), org,
               PICK (rand, target_groups), g_rand_int_range (rand, 0, 99999999));
    }
  fputs ("],\"courses\":[\n", out);
  for (guint c = 0; c < n_courses; c++)
    {
      g_autofree char *course_id = uuid_from (rand);
      int year = 2021 + (int) (c % 5);
      int month = 1 + (int) ((c / 5) % 12);
      int day = 1 + (int) ((c / 60) % 25);
      g_autofree char *start = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
      g_autofree char *end = g_strdup_printf ("%04d-%02d-%02d", year, month, day + 2);
      g_autoptr(GPtrArray) session_ids = g_ptr_array_new_with_free_func (g_free);

      fprintf (out,
               "%s{\"id\":\"%s\",\"code\":\"LCU-%04d-%04u\",\"title\":\"Tập huấn %s số %u\","
               "\"type\":\"%s\",\"province_code\":\"12\",\"venue\":\"Hội trường UBND xã %s\","
               "\"start_date\":\"%s\",\"end_date\":\"%s\",\"status\":\"completed\",\"sessions\":[",
               c ? "," : "", course_id, year, c, "bình đẳng giới", c, PICK (rand, course_types),
               PICK (rand, places), start, end);
      for (int d = 0; d < 3; d++)
        for (int part = 0; part < 2; part++)
          {
            char *sid = uuid_from (rand);
            g_ptr_array_add (session_ids, sid);
            fprintf (out, "%s{\"id\":\"%s\",\"date\":\"%04d-%02d-%02d\",\"part\":\"%s\"}",
                     session_ids->len > 1 ? "," : "", sid, year, month, day + d,
                     part == 0 ? "morning" : "afternoon");
          }
      fputs ("],\"enrollments\":[", out);
      for (guint e = 0; e < enrolments_per_course; e++)
        {
          const char *person = g_ptr_array_index (ids, (c * enrolments_per_course + e) % ids->len);
          guint marks = 0;

          fprintf (out, "%s{\"person_id\":\"%s\",\"attendance\":{", e ? "," : "", person);
          /* Five of the six sessions marked: 500,000 marks at 2,000 x 50. */
          for (guint s = 0; s < session_ids->len && marks < 5; s++)
            {
              int r = g_rand_int_range (rand, 0, 100);
              const char *mark = r < 85 ? "present" : r < 92 ? "late" : r < 96 ? "excused" : "absent";
              fprintf (out, "%s\"%s\":\"%s\"", marks ? "," : "",
                       (const char *) g_ptr_array_index (session_ids, s), mark);
              marks++;
            }
          fputs ("}}", out);
        }
      fputs ("],\"budget\":[{\"source\":\"state-provincial\",\"planned\":45000000,\"actual\":43250000}]}\n", out);
    }
  fputs ("]}\n", out);
  fclose (out);
}
