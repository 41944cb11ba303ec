/*
 * mock-broker: a Kafka-protocol test broker built on librdkafka's mock cluster
 * (Debian librdkafka-dev, rdkafka_mock.h). Used by test-broker.ts; see README.md.
 *
 *   mock-broker [--port P] [--brokers N] [--partitions N]
 *               [--partition-log-bytes B] [--verbose] TOPIC[:PARTITIONS]...
 *
 * Prints the bootstrap address ("127.0.0.1:P[,...]") as the first stdout line, then
 * reads commands from stdin, one per line, answering "ok <cmd>" or "error <why>":
 *   down [ID]   broker ID (default: all) closes its connections and stops listening,
 *               so clients get ECONNREFUSED; the log and groups stay in memory
 *   up [ID]     listens again on the same port
 *   quit        exits (as does EOF on stdin, SIGTERM and SIGINT)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/* ---- fixed port --------------------------------------------------------------
 * rdkafka_mock 2.0.2 always binds its listeners to 127.0.0.1:0 and has no API to
 * choose a port. This executable defines bind(), which librdkafka's calls resolve
 * to (the executable comes first in symbol lookup), and rewrites port 0 to the
 * requested port (+1 per further broker). The mock itself re-binds the same port
 * on "down", so a fixed port and "down"/"up" keep one address for the whole run. */
static int g_fixed_port = 0;
static int g_next_port_offset = 0;

int bind(int fd, const struct sockaddr *addr, socklen_t len) {
        typedef int (*bind_fn)(int, const struct sockaddr *, socklen_t);
        static bind_fn real_bind = NULL;
        if (!real_bind)
                real_bind = (bind_fn)dlsym(RTLD_NEXT, "bind");
        if (!real_bind) {
                errno = ENOSYS;
                return -1;
        }
        if (g_fixed_port > 0 && addr && addr->sa_family == AF_INET &&
            len >= (socklen_t)sizeof(struct sockaddr_in)) {
                struct sockaddr_in sin;
                memcpy(&sin, addr, sizeof(sin));
                if (sin.sin_port == 0) {
                        sin.sin_port =
                            htons((uint16_t)(g_fixed_port + g_next_port_offset++));
                        return real_bind(fd, (const struct sockaddr *)&sin,
                                         sizeof(sin));
                }
        }
        return real_bind(fd, addr, len);
}

/* ---- per-partition log limit -------------------------------------------------
 * The stock mock keeps at most 5 MiB (and 100000 message sets) per partition,
 * hard-coded in rd_kafka_mock_partition_init() with no API to change it. Worse,
 * when an append evicts every older message set, start_offset jumps past the new
 * one too, so a batch bigger than 5 MiB minus its predecessor is lost at once.
 * To test large messages we raise max_size in place. The layout below mirrors
 * rdkafka_mock_int.h of librdkafka 2.0.2 (offsets checked against that source on
 * x86_64), and lift_partition_limits() only writes after checking the version
 * and several invariants (names, ids, back-pointers, the stock 5 MiB/100000). */
struct mirror_list { /* rd_list_t */
        int rl_size;
        int rl_cnt;
        void **rl_elems;
        void (*rl_free_cb)(void *);
        int rl_flags;
        int rl_elemsize;
        void *rl_p;
};

struct mirror_partition { /* rd_kafka_mock_partition_t */
        void *leader_link_next, **leader_link_prev;
        int32_t id;
        int64_t start_offset, end_offset;
        int64_t follower_start_offset, follower_end_offset;
        uint8_t update_follower_start_offset, update_follower_end_offset;
        void *msgsets_first, **msgsets_last;
        size_t size, cnt, max_size, max_cnt;
        void *committed_first, **committed_last;
        void *leader;
        void **replicas;
        int replica_cnt;
        struct mirror_list pidstates;
        int32_t follower_id;
        void *topic;
};

struct mirror_topic { /* rd_kafka_mock_topic_t */
        struct mirror_topic *next, **prev;
        char *name;
        struct mirror_partition *partitions;
        int partition_cnt;
        int err;
        void *cluster;
};

struct mirror_cluster_head { /* leading fields of struct rd_kafka_mock_cluster_s */
        char id[32];
        void *rk;
        int32_t controller_id;
        void *brokers_first, **brokers_last;
        int broker_cnt;
        struct mirror_topic *topics_first, **topics_last;
};

#if defined(__x86_64__) || defined(__aarch64__)
#define LAYOUT_CHECKED 1
_Static_assert(offsetof(struct mirror_cluster_head, topics_first) == 72, "layout");
_Static_assert(offsetof(struct mirror_topic, partitions) == 24, "layout");
_Static_assert(offsetof(struct mirror_topic, cluster) == 40, "layout");
_Static_assert(offsetof(struct mirror_partition, id) == 16, "layout");
_Static_assert(offsetof(struct mirror_partition, max_size) == 96, "layout");
_Static_assert(offsetof(struct mirror_partition, max_cnt) == 104, "layout");
_Static_assert(offsetof(struct mirror_partition, topic) == 200, "layout");
_Static_assert(sizeof(struct mirror_partition) == 208, "layout");
#else
#define LAYOUT_CHECKED 0
#endif

#define STOCK_MAX_SIZE ((size_t)5 * 1024 * 1024)
#define STOCK_MAX_CNT ((size_t)100000)

/* Returns 1 when the limit of every partition of `topic` was raised to `bytes`. */
static int lift_partition_limits(rd_kafka_mock_cluster_t *mcluster,
                                 const char *topic,
                                 int partition_cnt,
                                 size_t bytes) {
        const struct mirror_cluster_head *mc =
            (const struct mirror_cluster_head *)(const void *)mcluster;
        const struct mirror_topic *t;
        int i, guard = 0;

        if (!LAYOUT_CHECKED || (rd_kafka_version() >> 16) != 0x0200)
                return 0;

        for (t = mc->topics_first; t && guard < 100000; t = t->next, guard++) {
                if (t->cluster != (void *)mcluster || !t->name)
                        return 0;
                if (strcmp(t->name, topic) != 0)
                        continue;
                if (t->partition_cnt != partition_cnt || !t->partitions)
                        return 0;
                for (i = 0; i < partition_cnt; i++) {
                        const struct mirror_partition *p = &t->partitions[i];
                        if (p->id != i || p->topic != (const void *)t ||
                            (p->max_size != STOCK_MAX_SIZE &&
                             p->max_size != bytes) ||
                            p->max_cnt != STOCK_MAX_CNT)
                                return 0;
                }
                /* No client is connected yet, so the mock thread is not
                 * reading these fields concurrently. */
                for (i = 0; i < partition_cnt; i++)
                        t->partitions[i].max_size = bytes;
                return 1;
        }
        return 0;
}

/* ---- main ------------------------------------------------------------------- */
static volatile sig_atomic_t g_stop = 0;

static void on_signal(int sig) {
        (void)sig;
        g_stop = 1;
}

static void usage(void) {
        fprintf(stderr,
                "usage: mock-broker [--port P] [--brokers N] [--partitions N] "
                "[--partition-log-bytes B] [--verbose] TOPIC[:PARTITIONS]...\n");
}

static int parse_int(const char *s, long min, long max, long *out) {
        char *end = NULL;
        long v;
        errno = 0;
        v     = strtol(s, &end, 10);
        if (errno || !end || *end || v < min || v > max)
                return 0;
        *out = v;
        return 1;
}

/* Runs one stdin command; answers on stdout. */
static void run_command(rd_kafka_mock_cluster_t *mcluster,
                        int broker_cnt,
                        char *line) {
        char cmd[32]     = "";
        long id          = -1;
        char idbuf[32]   = "";
        int n            = sscanf(line, "%31s %31s", cmd, idbuf);
        int first, last, b;
        rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;

        if (n < 1)
                return;
        if (!strcmp(cmd, "quit")) {
                g_stop = 1;
                printf("ok quit\n");
                fflush(stdout);
                return;
        }
        if (strcmp(cmd, "down") && strcmp(cmd, "up")) {
                printf("error unknown command %s\n", cmd);
                fflush(stdout);
                return;
        }
        if (n == 2 && !parse_int(idbuf, 1, broker_cnt, &id)) {
                printf("error bad broker id %s\n", idbuf);
                fflush(stdout);
                return;
        }
        first = id == -1 ? 1 : (int)id;
        last  = id == -1 ? broker_cnt : (int)id;
        for (b = first; b <= last && !err; b++)
                err = !strcmp(cmd, "down")
                          ? rd_kafka_mock_broker_set_down(mcluster, b)
                          : rd_kafka_mock_broker_set_up(mcluster, b);
        if (err)
                printf("error %s: %s\n", cmd, rd_kafka_err2str(err));
        else
                printf("ok %s\n", cmd);
        fflush(stdout);
}

int main(int argc, char **argv) {
        long port = 0, brokers = 1, partitions = 1;
        long log_bytes = 1024L * 1024 * 1024; /* 1 GiB per partition */
        int verbose = 0, i, ntopics = 0;
        char errstr[512];
        rd_kafka_conf_t *conf;
        rd_kafka_t *rk;
        rd_kafka_mock_cluster_t *mcluster;
        char linebuf[256];
        size_t linelen = 0;

        for (i = 1; i < argc; i++) {
                const char *a = argv[i];
                if (!strcmp(a, "--port") && i + 1 < argc) {
                        if (!parse_int(argv[++i], 0, 65535, &port))
                                return usage(), 2;
                } else if (!strcmp(a, "--brokers") && i + 1 < argc) {
                        if (!parse_int(argv[++i], 1, 16, &brokers))
                                return usage(), 2;
                } else if (!strcmp(a, "--partitions") && i + 1 < argc) {
                        if (!parse_int(argv[++i], 1, 1000, &partitions))
                                return usage(), 2;
                } else if (!strcmp(a, "--partition-log-bytes") &&
                           i + 1 < argc) {
                        /* 0 keeps the stock 5 MiB limit (for measuring it). */
                        if (!parse_int(argv[++i], 0, 1L << 40, &log_bytes))
                                return usage(), 2;
                } else if (!strcmp(a, "--verbose")) {
                        verbose = 1;
                } else if (a[0] == '-') {
                        return usage(), 2;
                } else {
                        ntopics++;
                }
        }
        g_fixed_port = (int)port;

        conf = rd_kafka_conf_new();
        /* The mock reads requests with this handle's limit (default 100000000
         * bytes), which is below a 100 MiB produce request. */
        if (rd_kafka_conf_set(conf, "receive.message.max.bytes", "2147483647",
                              errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK ||
            rd_kafka_conf_set(conf, "log_level", verbose ? "7" : "4", errstr,
                              sizeof(errstr)) != RD_KAFKA_CONF_OK ||
            (verbose && rd_kafka_conf_set(conf, "debug", "mock", errstr,
                                          sizeof(errstr)) != RD_KAFKA_CONF_OK)) {
                fprintf(stderr, "mock-broker: config: %s\n", errstr);
                return 1;
        }
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk) {
                fprintf(stderr, "mock-broker: rd_kafka_new: %s\n", errstr);
                return 1;
        }
        mcluster = rd_kafka_mock_cluster_new(rk, (int)brokers);
        if (!mcluster) {
                fprintf(stderr,
                        "mock-broker: could not create the mock cluster%s\n",
                        port ? " (is the port in use?)" : "");
                rd_kafka_destroy(rk);
                return 1;
        }

        for (i = 1; i < argc; i++) {
                char name[512];
                const char *colon;
                long pcnt = partitions;
                rd_kafka_resp_err_t err;
                if (argv[i][0] == '-') {
                        if (strcmp(argv[i], "--verbose"))
                                i++; /* skip the option's value */
                        continue;
                }
                colon = strrchr(argv[i], ':');
                snprintf(name, sizeof(name), "%s", argv[i]);
                if (colon) {
                        name[colon - argv[i]] = '\0';
                        if (!parse_int(colon + 1, 1, 1000, &pcnt)) {
                                fprintf(stderr, "mock-broker: bad topic %s\n",
                                        argv[i]);
                                return 2;
                        }
                }
                err = rd_kafka_mock_topic_create(mcluster, name, (int)pcnt, 1);
                if (err) {
                        fprintf(stderr, "mock-broker: create %s: %s\n", name,
                                rd_kafka_err2str(err));
                        return 1;
                }
                if (log_bytes > 0 &&
                    !lift_partition_limits(mcluster, name, (int)pcnt,
                                           (size_t)log_bytes))
                        fprintf(stderr,
                                "mock-broker: warning: could not raise the "
                                "partition log limit of %s (librdkafka %s); "
                                "it keeps the stock 5 MiB\n",
                                name, rd_kafka_version_str());
        }

        signal(SIGTERM, on_signal);
        signal(SIGINT, on_signal);
        signal(SIGPIPE, SIG_IGN);

        printf("%s\n", rd_kafka_mock_cluster_bootstraps(mcluster));
        fflush(stdout);

        while (!g_stop) {
                struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
                int r             = poll(&pfd, 1, 200);
                ssize_t got;
                if (r < 0 && errno == EINTR)
                        continue;
                if (r < 0)
                        break;
                if (r == 0)
                        continue;
                got = read(STDIN_FILENO, linebuf + linelen,
                           sizeof(linebuf) - 1 - linelen);
                if (got <= 0)
                        break; /* EOF: the parent went away */
                linelen += (size_t)got;
                linebuf[linelen] = '\0';
                for (;;) {
                        char *nl = strchr(linebuf, '\n');
                        if (!nl)
                                break;
                        *nl = '\0';
                        run_command(mcluster, (int)brokers, linebuf);
                        linelen -= (size_t)(nl + 1 - linebuf);
                        memmove(linebuf, nl + 1, linelen + 1);
                }
                if (linelen == sizeof(linebuf) - 1)
                        linelen = 0, linebuf[0] = '\0'; /* overlong line */
        }

        (void)ntopics;
        rd_kafka_mock_cluster_destroy(mcluster);
        rd_kafka_destroy(rk);
        return 0;
}
