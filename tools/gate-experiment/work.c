/* Fixed-work CPU load for the gate experiment: N rounds of an LCG and a xorshift, no memory traffic.
 * Usage: work N  (about 1e8 per 0.1 s here). Prints the result so the compiler keeps the loop. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: work ITERATIONS\n");
        return 2;
    }
    unsigned long long n = strtoull(argv[1], NULL, 10), x = 88172645463325252ULL, y = 1;
    for (unsigned long long i = 0; i < n; i++) {
        y = y * 6364136223846793005ULL + 1442695040888963407ULL;
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        x += y;
    }
    printf("%llu\n", x);
    return 0;
}
