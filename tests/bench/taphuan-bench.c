/* taphuan-bench: the benchmarks behind `build-aux/dev bench`.
 *
 * Builds a synthetic province-scale database once (100,000 people, 2,000
 * courses, 500,000 attendance marks by default; TAPHUAN_BENCH_PEOPLE and
 * TAPHUAN_BENCH_COURSES make it smaller), then runs each module's benches.
 * Results: a Markdown table on stdout. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench.h"

BenchResult
bench_measure (BenchFunc func,
               gpointer  data)
{
  BenchResult result = { 0 };
  int fds[2];
  gint64 start;
  pid_t pid;
  int status = 0;

  g_assert (pipe (fds) == 0);
  fflush (stdout);
  start = g_get_monotonic_time ();
  pid = fork ();
  g_assert (pid >= 0);
  if (pid == 0)
    {
      struct rusage usage;
      long peak;

      close (fds[0]);
      func (data);
      getrusage (RUSAGE_SELF, &usage);
      peak = usage.ru_maxrss;
      if (write (fds[1], &peak, sizeof peak) != sizeof peak)
        _exit (3);
      _exit (0);
    }
  close (fds[1]);
  if (read (fds[0], &result.peak_rss_kb, sizeof result.peak_rss_kb) != sizeof result.peak_rss_kb)
    result.peak_rss_kb = -1;
  close (fds[0]);
  waitpid (pid, &status, 0);
  result.seconds = (g_get_monotonic_time () - start) / 1e6;
  result.exit_status = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
  if (result.exit_status != 0)
    g_printerr ("bench: a child failed with status %d\n", result.exit_status);
  return result;
}

void
bench_report (const char *what,
              double      value,
              const char *unit,
              const char *target)
{
  printf ("| %s | %.3f %s | %s |\n", what, value, unit, target != NULL ? target : "");
  fflush (stdout);
}

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *v = g_getenv (name);

  return v != NULL && *v != '\0' ? (guint) atoi (v) : fallback;
}

int
main (int argc, char *argv[])
{
  BenchContext ctx = { 0 };
  g_autofree char *cmd = NULL;

  ctx.n_people = env_uint ("TAPHUAN_BENCH_PEOPLE", 100000);
  ctx.n_courses = env_uint ("TAPHUAN_BENCH_COURSES", 2000);
  ctx.dir = g_dir_make_tmp ("taphuan-bench-XXXXXX", NULL);
  ctx.bundle_path = g_build_filename (ctx.dir, "province.json", NULL);
  ctx.db_path = g_getenv ("TAPHUAN_BENCH_DB") != NULL
                ? g_strdup (g_getenv ("TAPHUAN_BENCH_DB"))
                : g_build_filename (ctx.dir, "province.db", NULL);

  printf ("Taphuan benchmarks: %u people, %u courses (%u attendance marks)\n\n",
          ctx.n_people, ctx.n_courses, ctx.n_courses * 50 * 5);
  printf ("| what | measured | target |\n|---|---|---|\n");

  bench_core (&ctx);
  if (g_getenv ("TAPHUAN_BENCH_SEARCH_ONLY") != NULL)
    return 0;
  bench_backup (&ctx);
  bench_import (&ctx);
  bench_render (&ctx);
  bench_certificates (&ctx);

  cmd = g_strdup_printf ("rm -rf '%s'", ctx.dir);
  if (system (cmd) != 0)
    g_printerr ("bench: could not remove %s\n", ctx.dir);
  return 0;
}
