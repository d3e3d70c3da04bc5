/*
 * jujuc for the relgen model simulator: the hook-tool client.
 *
 * Installed (as symlinks) under every hook-tool name in the simulation's bin
 * directory. It forwards its argv, cwd, JUJU_CONTEXT_ID and (only when the
 * arguments say `--file -`) its stdin to the simulator over the unix socket
 * named by JUJU_AGENT_SOCKET_ADDRESS, then relays the tool's stdout, stderr
 * and exit code. The framing is described in src/sim/protocol.ts:
 *   frame = type (1 byte) | length (uint32, big-endian) | payload.
 * Built on demand by src/sim/client/build.ts with the system C compiler.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define CHUNK (64 * 1024)
#define MAX_FRAME (16u * 1024u * 1024u)

static void die(const char *msg, const char *detail) {
    if (detail)
        fprintf(stderr, "ERROR %s: %s\n", msg, detail);
    else
        fprintf(stderr, "ERROR %s\n", msg);
    exit(1);
}

static void write_all(int fd, const void *buf, size_t len) {
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (fd <= 2) exit(1);
            die("cannot send the request to the simulator", strerror(errno));
        }
        p += n;
        len -= (size_t)n;
    }
}

static void send_frame(int fd, char type, const void *payload, size_t len) {
    unsigned char head[5];
    head[0] = (unsigned char)type;
    head[1] = (unsigned char)(len >> 24);
    head[2] = (unsigned char)(len >> 16);
    head[3] = (unsigned char)(len >> 8);
    head[4] = (unsigned char)len;
    write_all(fd, head, 5);
    if (len > 0) write_all(fd, payload, len);
}

/* Reads exactly len bytes; returns 0 on a clean EOF before the first byte. */
static int read_full(int fd, void *buf, size_t len) {
    char *p = buf;
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, p + got, len - got);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("cannot read the simulator's reply", strerror(errno));
        }
        if (n == 0) {
            if (got == 0) return 0;
            die("cannot read the simulator's reply", "connection closed mid-frame");
        }
        got += (size_t)n;
    }
    return 1;
}

/* True when the arguments ask relation-set to read its settings from stdin. */
static int wants_stdin(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) return 0;
        if (strcmp(argv[i], "--file=-") == 0) return 1;
        if (strcmp(argv[i], "--file") == 0 && i + 1 < argc && strcmp(argv[i + 1], "-") == 0) return 1;
    }
    return 0;
}

int main(int argc, char **argv) {
    const char *ctx = getenv("JUJU_CONTEXT_ID");
    const char *addr = getenv("JUJU_AGENT_SOCKET_ADDRESS");
    if (!ctx || !*ctx) die("JUJU_CONTEXT_ID not set", NULL);
    if (!addr || !*addr) die("JUJU_AGENT_SOCKET_ADDRESS not set", NULL);

    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    size_t alen = strlen(addr);
    if (alen >= sizeof sa.sun_path) die("socket path too long", addr);
    memcpy(sa.sun_path, addr, alen);
    socklen_t salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + alen + 1);
    if (addr[0] == '@') { /* abstract namespace */
        sa.sun_path[0] = '\0';
        salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + alen);
    }
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) die("cannot create a socket", strerror(errno));
    if (connect(fd, (struct sockaddr *)&sa, salen) < 0) {
        char msg[512];
        snprintf(msg, sizeof msg, "cannot connect to the simulator at %s", addr);
        die(msg, strerror(errno));
    }

    send_frame(fd, 'X', ctx, strlen(ctx));
    char cwd[8192];
    if (getcwd(cwd, sizeof cwd) == NULL) cwd[0] = '\0';
    send_frame(fd, 'C', cwd, strlen(cwd));
    for (int i = 0; i < argc; i++) send_frame(fd, 'A', argv[i], strlen(argv[i]));

    static char buf[CHUNK];
    if (wants_stdin(argc, argv)) {
        send_frame(fd, 'I', buf, 0); /* marks "stdin was read", even if empty */
        for (;;) {
            ssize_t n = read(0, buf, sizeof buf);
            if (n < 0) {
                if (errno == EINTR) continue;
                die("cannot read standard input", strerror(errno));
            }
            if (n == 0) break;
            send_frame(fd, 'I', buf, (size_t)n);
        }
    }
    send_frame(fd, 'E', buf, 0);

    for (;;) {
        unsigned char head[5];
        if (!read_full(fd, head, 5)) die("the simulator closed the connection without an exit code", NULL);
        uint32_t len = ((uint32_t)head[1] << 24) | ((uint32_t)head[2] << 16) | ((uint32_t)head[3] << 8) | head[4];
        if (len > MAX_FRAME) die("protocol error", "frame too large");
        if (head[0] == 'Z') {
            unsigned char code[4];
            if (len != 4 || !read_full(fd, code, 4)) die("protocol error", "bad exit frame");
            int32_t rc = (int32_t)(((uint32_t)code[0] << 24) | ((uint32_t)code[1] << 16) | ((uint32_t)code[2] << 8) | code[3]);
            close(fd);
            return (int)rc;
        }
        int out = head[0] == 'O' ? 1 : head[0] == 'R' ? 2 : -1;
        if (out < 0) die("protocol error", "unexpected frame type");
        while (len > 0) {
            size_t n = len < sizeof buf ? len : sizeof buf;
            if (!read_full(fd, buf, n)) die("protocol error", "truncated frame");
            write_all(out, buf, n);
            len -= (uint32_t)n;
        }
    }
}
