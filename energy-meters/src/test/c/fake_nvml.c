/*
 * A fake libnvidia-ml.so.1 for the NVML meter's tests: the NVML functions the meter calls, with
 * the signatures and return codes of nvml.h, over up to FAKE_MAX_GPUS made-up boards. Tests set
 * the boards' state through the fake_* functions (bound by their own small JNA interface) before
 * and between a window's ends. Power readings can be made to fail (fake_set_power_result) while
 * utilisation still works (fake_set_utilization), as on some vGPU and cloud boards.
 *
 *   gcc -shared -fPIC -o libnvidia-ml.so.1 fake_nvml.c                     # a Volta+ driver
 *   gcc -shared -fPIC -DOMIT_TOTAL_ENERGY -o libnvidia-ml.so.1 fake_nvml.c  # no energy-counter symbol
 *   gcc -shared -fPIC -DOMIT_MIG -o libnvidia-ml.so.1 fake_nvml.c           # a pre-470 driver (no MIG calls)
 *
 * Like NVML, initialization is reference-counted, and device calls before nvmlInit_v2 (or after the
 * last nvmlShutdown) return NVML_ERROR_UNINITIALIZED.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int nvmlReturn_t;
typedef struct fake_gpu *nvmlDevice_t;

#define NVML_SUCCESS 0
#define NVML_ERROR_UNINITIALIZED 1
#define NVML_ERROR_INVALID_ARGUMENT 2
#define NVML_ERROR_NOT_SUPPORTED 3
#define NVML_ERROR_INSUFFICIENT_SIZE 7

#define FAKE_MAX_GPUS 8

typedef struct { unsigned int gpu; unsigned int memory; } nvmlUtilization_t;
typedef struct { unsigned long long total; unsigned long long free; unsigned long long used; } nvmlMemory_t;

struct fake_gpu {
    char name[96];
    char uuid[96];
    unsigned long long energy_mj;
    nvmlReturn_t energy_result;
    unsigned int power_mw;
    nvmlReturn_t power_result;
    unsigned int limit_mw;
    nvmlReturn_t limit_result;
    unsigned int temperature_c;
    unsigned int util_gpu, util_memory;
    nvmlReturn_t util_result;
    unsigned long long memory_total;
    unsigned int clock_mhz[3];
    nvmlReturn_t temperature_result;
    int mig_parent; /* -1: a whole GPU; else the slot of the GPU this MIG instance belongs to */
    unsigned int ramp_mw;          /* 0: energy only moves when set; else it rises at this power from ramp_start */
    double ramp_start;
    unsigned long long ramp_base_mj;
};

static struct fake_gpu gpus[FAKE_MAX_GPUS];
static int gpu_count;
static nvmlReturn_t init_result;
static int init_refs;
static int init_calls;
static int shutdown_calls;

/* ---- control, for tests ---- */

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* The board's energy counter: fixed, or rising with the monotonic clock at ramp_mw (mW x s = mJ). */
static unsigned long long energy_now(const struct fake_gpu *g) {
    if (g->ramp_mw == 0) return g->energy_mj;
    return g->ramp_base_mj + (unsigned long long) ((now_seconds() - g->ramp_start) * g->ramp_mw);
}

/* From now on the board draws a constant mw: its energy counter rises with the clock, its power reads mw. */
void fake_set_ramp_mw(int i, unsigned int mw) {
    gpus[i].ramp_base_mj = energy_now(&gpus[i]);
    gpus[i].ramp_start = now_seconds();
    gpus[i].ramp_mw = mw;
    gpus[i].power_mw = mw;
}

void fake_reset(void) {
    memset(gpus, 0, sizeof gpus);
    for (int i = 0; i < FAKE_MAX_GPUS; i++) {
        struct fake_gpu *g = &gpus[i];
        snprintf(g->name, sizeof g->name, "Fake GPU %d", i);
        snprintf(g->uuid, sizeof g->uuid, "GPU-00000000-0000-0000-0000-%012d", i);
        g->energy_mj = 1000000ULL * (i + 1);
        g->power_mw = 100000;
        g->limit_mw = 300000;
        g->temperature_c = 40 + i;
        g->util_gpu = 50;
        g->util_memory = 25;
        g->memory_total = 80ULL << 30;
        g->clock_mhz[0] = 1980;
        g->clock_mhz[1] = 1980;
        g->clock_mhz[2] = 2619;
        g->mig_parent = -1;
    }
    gpu_count = 1;
    init_result = NVML_SUCCESS;
    init_refs = 0;
    init_calls = 0;
    shutdown_calls = 0;
}

/* Loaded by another program (tools/gpu-check.sh against this fake): FAKE_NVML_RAMP_MW sets every board drawing that
   constant power from load on, so that its energy counter and its power readings agree. */
__attribute__((constructor)) static void fake_load(void) {
    fake_reset();
    const char *ramp = getenv("FAKE_NVML_RAMP_MW");
    if (ramp && *ramp) {
        for (int i = 0; i < FAKE_MAX_GPUS; i++) fake_set_ramp_mw(i, (unsigned int) strtoul(ramp, NULL, 10));
    }
}

static int slot_ok(int i) { return i >= 0 && i < FAKE_MAX_GPUS; }

void fake_set_device_count(int n) { gpu_count = n; }
void fake_set_init_result(int code) { init_result = code; }
void fake_set_energy_mj(int i, unsigned long long mj) { if (slot_ok(i)) gpus[i].energy_mj = mj; }
void fake_set_energy_supported(int i, int yes) { if (slot_ok(i)) gpus[i].energy_result = yes ? NVML_SUCCESS : NVML_ERROR_NOT_SUPPORTED; }
void fake_set_energy_result(int i, int code) { if (slot_ok(i)) gpus[i].energy_result = code; }
void fake_set_power_mw(int i, unsigned int mw) { if (slot_ok(i)) gpus[i].power_mw = mw; }
void fake_set_power_result(int i, int code) { if (slot_ok(i)) gpus[i].power_result = code; }
void fake_set_power_limit_mw(int i, unsigned int mw) { if (slot_ok(i)) gpus[i].limit_mw = mw; }
void fake_set_power_limit_result(int i, int code) { if (slot_ok(i)) gpus[i].limit_result = code; }
void fake_set_utilization(int i, unsigned int gpu, unsigned int mem) {
    if (slot_ok(i)) { gpus[i].util_gpu = gpu; gpus[i].util_memory = mem; }
}
void fake_set_utilization_result(int i, int code) { if (slot_ok(i)) gpus[i].util_result = code; }
void fake_set_temperature_result(int i, int code) { if (slot_ok(i)) gpus[i].temperature_result = code; }
void fake_set_mig_parent(int i, int parent) { if (slot_ok(i)) gpus[i].mig_parent = parent; }
void fake_set_name(int i, const char *name) { if (slot_ok(i)) snprintf(gpus[i].name, sizeof gpus[i].name, "%s", name); }
void fake_set_uuid(int i, const char *uuid) { if (slot_ok(i)) snprintf(gpus[i].uuid, sizeof gpus[i].uuid, "%s", uuid); }
int fake_init_refs(void) { return init_refs; }
int fake_init_calls(void) { return init_calls; }
int fake_shutdown_calls(void) { return shutdown_calls; }

/* ---- NVML ---- */

static nvmlReturn_t device_ok(nvmlDevice_t d) {
    if (init_refs <= 0) return NVML_ERROR_UNINITIALIZED;
    if (d < &gpus[0] || d >= &gpus[FAKE_MAX_GPUS]) return NVML_ERROR_INVALID_ARGUMENT;
    return NVML_SUCCESS;
}

#define CHECK(d) do { nvmlReturn_t r_ = device_ok(d); if (r_ != NVML_SUCCESS) return r_; } while (0)

nvmlReturn_t nvmlInit_v2(void) {
    init_calls++;
    if (init_result != NVML_SUCCESS) return init_result;
    init_refs++;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlShutdown(void) {
    shutdown_calls++;
    if (init_refs <= 0) return NVML_ERROR_UNINITIALIZED;
    init_refs--;
    return NVML_SUCCESS;
}

const char *nvmlErrorString(nvmlReturn_t result) {
    switch (result) {
    case 0: return "Success";
    case 1: return "Uninitialized";
    case 2: return "Invalid Argument";
    case 3: return "Not Supported";
    case 4: return "Insufficient Permissions";
    case 6: return "Not Found";
    case 9: return "Driver Not Loaded";
    case 12: return "NVML Shared Library Not Found";
    case 13: return "Function Not Found";
    case 15: return "GPU is lost";
    case 18: return "RM has detected an NVML/RM version mismatch.";
    default: return "Unknown Error";
    }
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count) {
    if (init_refs <= 0) return NVML_ERROR_UNINITIALIZED;
    if (!count) return NVML_ERROR_INVALID_ARGUMENT;
    *count = (unsigned int) gpu_count;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
    if (init_refs <= 0) return NVML_ERROR_UNINITIALIZED;
    if (!device || index >= (unsigned int) gpu_count || index >= FAKE_MAX_GPUS) return NVML_ERROR_INVALID_ARGUMENT;
    *device = &gpus[index];
    return NVML_SUCCESS;
}

static nvmlReturn_t copy_text(const char *text, char *out, unsigned int length) {
    if (!out) return NVML_ERROR_INVALID_ARGUMENT;
    if (strlen(text) + 1 > length) return NVML_ERROR_INSUFFICIENT_SIZE;
    memcpy(out, text, strlen(text) + 1);
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t d, char *name, unsigned int length) {
    CHECK(d);
    return copy_text(d->name, name, length);
}

nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t d, char *uuid, unsigned int length) {
    CHECK(d);
    return copy_text(d->uuid, uuid, length);
}

#ifndef OMIT_TOTAL_ENERGY
nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t d, unsigned long long *energy) {
    CHECK(d);
    if (!energy) return NVML_ERROR_INVALID_ARGUMENT;
    if (d->energy_result != NVML_SUCCESS) return d->energy_result;
    *energy = energy_now(d);
    return NVML_SUCCESS;
}
#endif

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t d, unsigned int *power) {
    CHECK(d);
    if (!power) return NVML_ERROR_INVALID_ARGUMENT;
    if (d->power_result != NVML_SUCCESS) return d->power_result;
    *power = d->power_mw;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t d, unsigned int *limit) {
    CHECK(d);
    if (!limit) return NVML_ERROR_INVALID_ARGUMENT;
    if (d->limit_result != NVML_SUCCESS) return d->limit_result;
    *limit = d->limit_mw;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t d, nvmlUtilization_t *u) {
    CHECK(d);
    if (!u) return NVML_ERROR_INVALID_ARGUMENT;
    if (d->util_result != NVML_SUCCESS) return d->util_result;
    u->gpu = d->util_gpu;
    u->memory = d->util_memory;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t d, nvmlMemory_t *m) {
    CHECK(d);
    if (!m) return NVML_ERROR_INVALID_ARGUMENT;
    m->total = d->memory_total;
    m->used = d->memory_total / 4;
    m->free = d->memory_total - m->used;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t d, int type, unsigned int *mhz) {
    CHECK(d);
    if (!mhz || type < 0 || type > 2) return NVML_ERROR_INVALID_ARGUMENT;
    *mhz = d->clock_mhz[type];
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t d, int sensor, unsigned int *c) {
    CHECK(d);
    if (!c || sensor != 0) return NVML_ERROR_INVALID_ARGUMENT;
    if (d->temperature_result != NVML_SUCCESS) return d->temperature_result;
    *c = d->temperature_c;
    return NVML_SUCCESS;
}

#ifndef OMIT_MIG
nvmlReturn_t nvmlDeviceIsMigDeviceHandle(nvmlDevice_t d, unsigned int *is_mig) {
    CHECK(d);
    if (!is_mig) return NVML_ERROR_INVALID_ARGUMENT;
    *is_mig = d->mig_parent >= 0;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetDeviceHandleFromMigDeviceHandle(nvmlDevice_t d, nvmlDevice_t *parent) {
    CHECK(d);
    if (!parent || d->mig_parent < 0 || d->mig_parent >= FAKE_MAX_GPUS) return NVML_ERROR_INVALID_ARGUMENT;
    *parent = &gpus[d->mig_parent];
    return NVML_SUCCESS;
}
#endif
