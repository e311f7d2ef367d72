/* random-el0: random-el1's harness with the random words run at EL0t (see random-el1.c). */
#define RANDOM_EL 0
#include "../random-el1/random-el1.c"
