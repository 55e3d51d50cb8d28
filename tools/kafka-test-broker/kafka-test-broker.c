/*
 * kafka-test-broker: a Kafka-protocol broker for tests, built on librdkafka's
 * mock cluster (<librdkafka/rdkafka_mock.h>, librdkafka 2.0.2 on Debian 12).
 *
 *   kafka-test-broker [--brokers N] [--topic name:partitions]... [--control-port P]
 *
 * On start it prints two lines on stdout and flushes:
 *   BOOTSTRAP 127.0.0.1:34567,127.0.0.1:34568
 *   CONTROL 45678
 * then serves until SIGTERM/SIGINT or until stdin reaches end of file, so it
 * exits with the process that started it (which holds the write end of stdin).
 *
 * The control port (127.0.0.1, one connection at a time, one command a line):
 *   create <topic> <partitions>   ->  ok | error <message>
 *   down <brokerId>               ->  ok | error <message>   (ids 1..N; -1 = all)
 *   up <brokerId>                 ->  ok | error <message>
 *   fail <apiKey> <errorCode> [n] ->  ok   (the next n requests of that type,
 *                                          default 1, get that error code)
 *   ping                          ->  ok
 *
 * What the mock does and does not do (librdkafka 2.0.2 with kafkajs 2.2.4, tried):
 * - Topic auto-creation: any Metadata request that names an unknown topic
 *   creates it on the spot with the mock's default of 4 partitions (and
 *   replication factor min(3, brokers)), whatever the request's
 *   AllowAutoTopicCreation flag says: kafkajs's admin client sends false and
 *   still gets a 4-partition topic. So merely looking a topic up creates it,
 *   and 2.0.2 has no API to change the default count. Create topics that need
 *   another partition count before any client looks at them, here (--topic or
 *   the `create` command), which sets the exact count.
 * - CreateTopics (the admin API) is not implemented, and the mock reports
 *   controller id 0, which is no broker: kafkajs admin.createTopics and the
 *   idempotent producer fail with "Broker 0 not found in the cached metadata".
 * - `down` closes the broker's connections and refuses new ones; it does not
 *   move partition leadership.
 * - Consumer groups: a group's first join completes after 3 s (the mock's
 *   initial rebalance delay); a later rebalance (a member joins, or joins
 *   after another left) took the session timeout less one second in our
 *   tries. With kafkajs's 30 s default a restart in the same group takes
 *   about 29 s, so tests use a short session timeout (6 s: about 5 s).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define LINE_MAX_LEN 512
#define MAX_PARTITIONS 10000

static rd_kafka_mock_cluster_t *mcluster;
static int broker_cnt = 1;

/* Does nothing: its only job is to make ppoll() return EINTR. */
static void on_signal(int sig) {
        (void)sig;
}

static void die(const char *msg) {
        fprintf(stderr, "kafka-test-broker: %s\n", msg);
        exit(1);
}

/* Parses a whole decimal integer in [min, max]; returns 0 on success. */
static int parse_int(const char *s, long min, long max, long *out) {
        char *end;
        long v;
        if (!s || !*s)
                return -1;
        errno = 0;
        v     = strtol(s, &end, 10);
        if (errno || *end || v < min || v > max)
                return -1;
        *out = v;
        return 0;
}

/* Kafka's rule: 1-249 characters of [a-zA-Z0-9._-]. */
static int valid_topic(const char *name) {
        size_t len = strlen(name);
        if (len == 0 || len > 249)
                return 0;
        return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                            "0123456789._-") == len;
}

/* Creates a topic; on failure writes a message into errstr and returns -1. */
static int create_topic(const char *name, long partitions, char *errstr,
                        size_t size) {
        rd_kafka_resp_err_t err;
        if (!valid_topic(name)) {
                snprintf(errstr, size, "invalid topic name: %s", name);
                return -1;
        }
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
                snprintf(errstr, size, "invalid partitions: %ld", partitions);
                return -1;
        }
        err = rd_kafka_mock_topic_create(mcluster, name, (int)partitions,
                                         broker_cnt < 3 ? broker_cnt : 3);
        if (err) {
                snprintf(errstr, size, "%s", rd_kafka_err2str(err));
                return -1;
        }
        return 0;
}

/* Splits a line into at most max words; returns how many, or max + 1 if more. */
static int split_words(char *line, char **words, int max) {
        char *save = NULL;
        int n      = 0;
        char *w;
        for (w = strtok_r(line, " \t\r", &save); w; w = strtok_r(NULL, " \t\r", &save)) {
                if (n == max)
                        return max + 1;
                words[n++] = w;
        }
        return n;
}

/* Runs one control command; writes the reply (without newline) into reply. */
static void run_command(char *line, char *reply, size_t size) {
        char errstr[256];
        char *w[4];
        int n = split_words(line, w, 4);
        long a, b, c = 1;

        if (n == 0) {
                snprintf(reply, size, "error empty command");
        } else if (!strcmp(w[0], "ping")) {
                snprintf(reply, size, n == 1 ? "ok" : "error usage: ping");
        } else if (!strcmp(w[0], "create")) {
                if (n != 3)
                        snprintf(reply, size, "error usage: create <topic> <partitions>");
                else if (parse_int(w[2], 1, MAX_PARTITIONS, &a))
                        snprintf(reply, size, "error invalid partitions: %s", w[2]);
                else if (create_topic(w[1], a, errstr, sizeof(errstr)))
                        snprintf(reply, size, "error %s", errstr);
                else
                        snprintf(reply, size, "ok");
        } else if (!strcmp(w[0], "down") || !strcmp(w[0], "up")) {
                rd_kafka_resp_err_t err;
                /* -1 means every broker; an unknown id is refused by the mock
                 * ("Broker: Broker not available"). */
                if (n != 2 || parse_int(w[1], -1, INT32_MAX, &a)) {
                        snprintf(reply, size, "error usage: %s <brokerId>", w[0]);
                        return;
                }
                err = !strcmp(w[0], "down")
                          ? rd_kafka_mock_broker_set_down(mcluster, (int32_t)a)
                          : rd_kafka_mock_broker_set_up(mcluster, (int32_t)a);
                if (err)
                        snprintf(reply, size, "error %s", rd_kafka_err2str(err));
                else
                        snprintf(reply, size, "ok");
        } else if (!strcmp(w[0], "fail")) {
                /* The next <count> requests of type <apiKey>, to any broker,
                 * are answered with error <errorCode>. */
                rd_kafka_resp_err_t errs[100];
                int i;
                if (n < 3 || n > 4 || parse_int(w[1], 0, 1000, &a) ||
                    parse_int(w[2], 1, 1000, &b) ||
                    (n == 4 && parse_int(w[3], 1, 100, &c))) {
                        snprintf(reply, size,
                                 "error usage: fail <apiKey> <errorCode> [count 1-100]");
                        return;
                }
                for (i = 0; i < c; i++)
                        errs[i] = (rd_kafka_resp_err_t)b;
                rd_kafka_mock_push_request_errors_array(mcluster, (int16_t)a, (size_t)c, errs);
                snprintf(reply, size, "ok");
        } else {
                snprintf(reply, size, "error unknown command: %s", w[0]);
        }
}

/* The control connection: its socket and the bytes of an incomplete line. */
struct client {
        int fd;
        char buf[LINE_MAX_LEN];
        size_t len;
};

static void client_close(struct client *c) {
        if (c->fd >= 0)
                close(c->fd);
        c->fd  = -1;
        c->len = 0;
}

static void client_reply(struct client *c, const char *reply) {
        char out[LINE_MAX_LEN + 2];
        int n = snprintf(out, sizeof(out), "%s\n", reply);
        /* Replies are short; a client that does not read them is dropped. */
        if (send(c->fd, out, (size_t)n, MSG_NOSIGNAL) != n)
                client_close(c);
}

/* Reads from the control client and answers every complete line. */
static void client_read(struct client *c) {
        char reply[LINE_MAX_LEN];
        char *nl;
        ssize_t r = recv(c->fd, c->buf + c->len, sizeof(c->buf) - 1 - c->len, 0);
        if (r <= 0) {
                if (r < 0 && errno == EINTR)
                        return;
                client_close(c);
                return;
        }
        c->len += (size_t)r;
        c->buf[c->len] = '\0';
        while (c->fd >= 0 && (nl = memchr(c->buf, '\n', c->len))) {
                size_t used = (size_t)(nl - c->buf) + 1;
                *nl         = '\0';
                run_command(c->buf, reply, sizeof(reply));
                client_reply(c, reply);
                memmove(c->buf, c->buf + used, c->len - used);
                c->len -= used;
                c->buf[c->len] = '\0';
        }
        if (c->fd >= 0 && c->len == sizeof(c->buf) - 1) {
                client_reply(c, "error line too long");
                client_close(c);
        }
}

/* Listens on 127.0.0.1:port (0 = any free port); returns the socket. */
static int listen_control(long port, int *bound_port) {
        struct sockaddr_in addr;
        socklen_t addrlen = sizeof(addr);
        int one           = 1;
        int fd            = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                die("control socket: socket() failed");
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        memset(&addr, 0, sizeof(addr));
        addr.sin_family      = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port        = htons((uint16_t)port);
        if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) ||
            listen(fd, 64) ||
            getsockname(fd, (struct sockaddr *)&addr, &addrlen)) {
                perror("kafka-test-broker: control port");
                exit(1);
        }
        *bound_port = ntohs(addr.sin_port);
        return fd;
}

static void usage(void) {
        die("usage: kafka-test-broker [--brokers N] [--topic name:partitions]... "
            "[--control-port P]");
}

int main(int argc, char **argv) {
        char errstr[512];
        rd_kafka_conf_t *conf;
        rd_kafka_t *rk;
        struct client client = {.fd = -1};
        struct sigaction sa = {.sa_handler = on_signal};
        sigset_t blocked, unblocked;
        long control_port = 0;
        int listen_fd, bound_port, i, stdin_open = 1;

        for (i = 1; i < argc; i++) { /* first pass: options that shape the cluster */
                long n;
                if (i + 1 >= argc)
                        usage();
                if (!strcmp(argv[i], "--brokers")) {
                        if (parse_int(argv[++i], 1, 32, &n))
                                die("--brokers: expected an integer 1-32");
                        broker_cnt = (int)n;
                } else if (!strcmp(argv[i], "--control-port")) {
                        if (parse_int(argv[++i], 0, 65535, &control_port))
                                die("--control-port: expected an integer 0-65535");
                } else if (!strcmp(argv[i], "--topic")) {
                        i++;
                } else {
                        usage();
                }
        }

        /* SIGTERM/SIGINT stay blocked (also in librdkafka's threads, which
         * inherit the mask) except inside ppoll() below, so they can only
         * interrupt the wait and never land mid-command. */
        sigemptyset(&blocked);
        sigaddset(&blocked, SIGTERM);
        sigaddset(&blocked, SIGINT);
        if (sigprocmask(SIG_BLOCK, &blocked, &unblocked) ||
            sigaction(SIGTERM, &sa, NULL) || sigaction(SIGINT, &sa, NULL))
                die("signal setup failed");
        sigdelset(&unblocked, SIGTERM);
        sigdelset(&unblocked, SIGINT);
        signal(SIGPIPE, SIG_IGN);

        conf = rd_kafka_conf_new();
        /* Errors only: the client handle itself has no brokers to talk to. */
        if (rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof(errstr)) !=
            RD_KAFKA_CONF_OK)
                die(errstr);
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk)
                die(errstr);
        mcluster = rd_kafka_mock_cluster_new(rk, broker_cnt);
        if (!mcluster)
                die("rd_kafka_mock_cluster_new failed");

        for (i = 1; i < argc; i += 2) { /* second pass: topics */
                char name[LINE_MAX_LEN];
                char *colon;
                long partitions;
                if (strcmp(argv[i], "--topic"))
                        continue;
                snprintf(name, sizeof(name), "%s", argv[i + 1]);
                colon = strrchr(name, ':');
                if (!colon || parse_int(colon + 1, 1, MAX_PARTITIONS, &partitions))
                        die("--topic: expected name:partitions");
                *colon = '\0';
                if (create_topic(name, partitions, errstr, sizeof(errstr))) {
                        fprintf(stderr, "kafka-test-broker: --topic %s: %s\n",
                                name, errstr);
                        exit(1);
                }
        }

        listen_fd = listen_control(control_port, &bound_port);
        printf("BOOTSTRAP %s\nCONTROL %d\n", rd_kafka_mock_cluster_bootstraps(mcluster),
               bound_port);
        fflush(stdout);

        while (stdin_open) {
                struct pollfd fds[3] = {
                    {.fd = STDIN_FILENO, .events = POLLIN},
                    /* Accept a new client only when none is connected. */
                    {.fd = client.fd < 0 ? listen_fd : -1, .events = POLLIN},
                    {.fd = client.fd, .events = POLLIN},
                };
                if (ppoll(fds, 3, NULL, &unblocked) < 0) {
                        if (errno == EINTR)
                                break; /* SIGTERM or SIGINT */
                        die("ppoll failed");
                }
                if (fds[0].revents) {
                        char sink[256];
                        ssize_t r = read(STDIN_FILENO, sink, sizeof(sink));
                        if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN))
                                stdin_open = 0; /* the parent is gone */
                }
                if (fds[1].revents & POLLIN)
                        client.fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
                if (client.fd >= 0 && fds[2].revents)
                        client_read(&client);
        }

        client_close(&client);
        close(listen_fd);
        rd_kafka_mock_cluster_destroy(mcluster);
        rd_kafka_destroy(rk);
        return 0;
}
