/* gen-bundle.c OUT.json PEOPLE COURSES ENROLMENTS SEED: the benchmarks'
 * synthetic bundle (tests/bench/bench-data.c), realistic Vietnamese names. */
#include "config.h"

#include <stdlib.h>
#include <glib.h>
#include "bench.h"
int main (int argc, char **argv)
{
  bench_write_bundle (argv[1], atoi (argv[2]), atoi (argv[3]), atoi (argv[4]), atoi (argv[5]));
  return 0;
}
