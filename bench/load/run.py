"""Load benchmark (issue 11): Kokous under gunicorn with production settings on PostgreSQL,
driven by wrk from a second process on loopback, against nginx serving the same minutes page as
a static file, in one run.

    .venv/bin/python bench/load/run.py [--database-url URL] [--duration 15] [--connections 100]

It needs nginx and wrk (`apt-get install nginx-light wrk`) and a PostgreSQL database filled by
`kokous bench-data --years 20 --bodies 60` (default: postgres://kokous:kokous@127.0.0.1:5432/
kokous_bench). It starts everything it measures on 127.0.0.1 ports 8101–8203 and stops it at the
end; the database is only read. See bench/README.md for what each figure means."""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent
HOST = "127.0.0.1"
APP_PORTS = (8101, 8102)
STATIC_PORT, CACHED_PORT, ONE_PORT, TWO_PORT = 8200, 8201, 8202, 8203
SEARCH_WORDS = """talousarvio hyvinvointialue sopimus investointi lausunto henkilöstö
palvelustrategia kiinteistö hankinta pelastustoimi terveyskeskus vammaispalvelut valtuusto
tilinpäätös ikäihmisten sosiaalihuolto avustus päätös oikaisuvaatimus asiakasmaksu virka
toimitila kehittäminen lastensuojelu kotihoito""".split()

NGINX_CONF = """
worker_processes 2;
user root;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path {tmp}/client;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  proxy_cache_path {tmp}/cache levels=1:2 keys_zone=kokous:50m max_size=2g inactive=10m
                   use_temp_path=off;
  upstream one {{ server {host}:{app1}; keepalive 64; }}
  upstream two {{ server {host}:{app1}; server {host}:{app2}; keepalive 64; }}

  # The minutes page as a static file: the yardstick.
  server {{
    listen {host}:{static_port};
    location / {{ root {tmp}/static; default_type text/html; }}
  }}

  # A production front: TLS would end here; static files from disk; anonymous readers' pages
  # from the shared cache for as long as Kokous's Cache-Control allows, revalidated by ETag.
  server {{
    listen {host}:{cached_port};
    location /static/ {{ alias {static_root}/; expires 1y; }}
    location / {{
      {proxy}
      proxy_pass http://one;
      proxy_cache kokous;
      proxy_cache_key $scheme$host$request_uri;
      proxy_cache_lock on;
      proxy_cache_revalidate on;
      proxy_cache_background_update on;
      proxy_cache_use_stale updating error timeout;
      # X-Cache-Refresh: the benchmark's own (re)filling of the cache; not for a real site.
      proxy_cache_bypass $cookie_sessionid $http_x_cache_refresh;
      proxy_no_cache $cookie_sessionid;
      add_header X-Cache-Status $upstream_cache_status;
    }}
  }}

  # No cache, one app server / two app servers: what the application itself serves.
  server {{ listen {host}:{one_port}; location / {{ {proxy} proxy_pass http://one; }} }}
  server {{ listen {host}:{two_port}; location / {{ {proxy} proxy_pass http://two; }} }}
}}
"""
PROXY = (
    'proxy_http_version 1.1; proxy_set_header Connection ""; '
    "proxy_set_header Host $host; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; "
    "proxy_set_header X-Forwarded-Proto https;"
)


@dataclass
class Result:
    name: str
    target: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _environment(database_url: str, tmp: Path) -> dict[str, str]:
    """Production settings (no KOKOUS_DEBUG) on loopback: TLS is taken as ended at the proxy,
    and the API's per-client rate limit is lifted, since every simulated client here has the
    same address."""
    env = {k: v for k, v in os.environ.items() if k != "KOKOUS_DEBUG"}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY="load-benchmark-" + os.urandom(8).hex(),
        ALLOWED_HOSTS=f"{HOST},localhost",
        SECURE_PROXY_SSL_HEADER="1",
        KOKOUS_VAR_DIR=str(tmp / "var"),
        STATIC_ROOT=str(tmp / "static-root"),
        KOKOUS_API_RATE="1000000/s",
        KOKOUS_SEARCH_AUTO_INDEX="0",
        DJANGO_SETTINGS_MODULE="kokous.settings",
    )
    return env


def _need(program: str) -> str:
    found = shutil.which(program) or shutil.which(program, path="/usr/sbin:/usr/bin")
    if not found:
        sys.exit(f"{program} is missing: run `apt-get install nginx-light wrk` (as root).")
    return found


def _wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(request, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _fetch(url: str, *, refresh: bool = False) -> bytes:
    headers = {"X-Forwarded-Proto": "https"} | ({"X-Cache-Refresh": "1"} if refresh else {})
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


@contextmanager
def _processes(commands: list[list[str]], env: dict[str, str], log: Path) -> Iterator[None]:
    started = []
    with log.open("ab") as out:
        try:
            for command in commands:
                started.append(subprocess.Popen(command, env=env, stdout=out, stderr=out, cwd=ROOT))
            yield
        finally:
            for process in started:
                process.send_signal(signal.SIGTERM)
            for process in started:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()


def _paths(env: dict[str, str], count: int, seed: int) -> dict[str, list[str]]:
    """The addresses each endpoint is driven with: `count` different ones where the endpoint
    has many (meetings, filters, items, words), so that a cache does not see one page only."""
    os.environ.update(env)
    import django

    django.setup()
    from kokous.meetings.models import AgendaItem, Meeting
    from kokous.organisations.models import Body

    rng = random.Random(seed)
    final = list(
        Meeting.objects.filter(minutes_locked_at__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(final) < count:
        sys.exit(
            f"The database holds {len(final)} meetings with final minutes: fill it first with "
            "`kokous bench-data --years 20 --bodies 60` (see bench/README.md)."
        )
    meetings = rng.sample(final, count)
    bodies = list(Body.objects.order_by("slug").values_list("slug", flat=True))
    items = list(
        AgendaItem.objects.filter(meeting_id__in=meetings).values_list("pk", flat=True)[: count * 4]
    )
    items = rng.sample(items, min(count, len(items)))
    return {
        "meeting page": [f"/meetings/{pk}/" for pk in meetings],
        "minutes page": [f"/meetings/{meetings[0]}/minutes/"],
        "decision list, filtered": [
            f"/decisions/?body={rng.choice(bodies)}&q={quote(rng.choice(SEARCH_WORDS))}"
            if i % 2
            else f"/decisions/?body={rng.choice(bodies)}&from={rng.randint(2007, 2025)}-01-01"
            for i in range(count)
        ],
        "API list": [
            f"/api/v1/meetings/?body={rng.choice(bodies)}"
            if i % 2
            else f"/api/v1/agenda-items/?meeting={rng.choice(meetings)}"
            for i in range(count)
        ],
        "API detail": [f"/api/v1/agenda-items/{pk}/" for pk in items],
        "search": [f"/search/?q={quote(word)}" for word in SEARCH_WORDS],
    }


def _wrk(
    name: str, target: str, port: int, paths: list[str], args: argparse.Namespace, tmp: Path
) -> Result:
    listing = tmp / f"paths-{abs(hash((name, port)))}.txt"
    listing.write_text("\n".join(paths) + "\n")
    command = [
        "wrk", f"-t{args.threads_wrk}", f"-c{args.connections}", f"-d{args.duration}s",
        "--timeout", "10s", "-H", "X-Forwarded-Proto: https", "-s", str(HERE / "wrk.lua"),
        f"http://{HOST}:{port}", "--", str(listing),
    ]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    data = json.loads(line.removeprefix("RESULT "))
    errors = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
    result = Result(
        name=name,
        target=target,
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50"] / 1000,
        p95_ms=data["p95"] / 1000,
        p99_ms=data["p99"] / 1000,
        errors=errors,
    )
    print(
        f"  {name:<24} {target:<22} {result.rate:>9.0f} req/s  p50 {result.p50_ms:7.1f}  "
        f"p95 {result.p95_ms:7.1f}  p99 {result.p99_ms:7.1f} ms  errors {errors}",
        flush=True,
    )
    return result


def _warm_up(paths: dict[str, list[str]], args: argparse.Namespace, tmp: Path) -> None:
    """Not measured: every worker thread of the app server opens its database connection and
    Voikko and fills its caches under a few seconds of load; then every address is asked once
    through the nginx cache, as a site that has been up for a minute has them. (A cold cache
    makes a crowd wait for the first rendering of each page: `proxy_cache_lock`.)"""
    every = [path for listing in paths.values() for path in listing]
    listing = tmp / "warm-up.txt"
    listing.write_text("\n".join(every) + "\n")
    subprocess.run(
        ["wrk", "-t1", "-c24", f"-d{args.warm_up}s", "--timeout", "30s",
         "-H", "X-Forwarded-Proto: https", "-s", str(HERE / "wrk.lua"),
         f"http://{HOST}:{APP_PORTS[0]}", "--", str(listing)],
        capture_output=True, check=True,
    )  # fmt: skip
    for path in every:
        _fetch(f"http://{HOST}:{CACHED_PORT}{path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://kokous:kokous@127.0.0.1:5432/kokous_bench"
        ),
    )
    parser.add_argument("--duration", type=int, default=15, help="seconds per run")
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--threads-wrk", type=int, default=1, help="wrk's threads")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers per instance")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--warm-up", type=int, default=20, help="seconds, not measured")
    parser.add_argument("--paths", type=int, default=50, help="addresses per endpoint")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--skip-origin", action="store_true", help="no runs without the cache")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    nginx, _ = _need("nginx"), _need("wrk")

    tmp = Path(tempfile.mkdtemp(prefix="kokous-load-"))
    for folder in ("static", "cache", "var", "client", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / folder).mkdir()
    env = _environment(args.database_url, tmp)
    log = tmp / "servers.log"
    print(f"Kokous load benchmark: {args.connections} connections, {args.duration} s a run")
    print(f"  database {args.database_url.rsplit('@', 1)[-1]}, work folder {tmp}")
    kokous = str(VENV_BIN / "kokous")
    subprocess.run([kokous, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([kokous, "check", "--deploy", "--fail-level", "ERROR"], env=env, check=True)
    paths = _paths(env, args.paths, args.seed)
    from kokous.meetings.models import AgendaItem, Meeting

    print(
        f"  data: {Meeting.objects.count():,} meetings, {AgendaItem.objects.count():,} agenda items"
    )

    gunicorn = [
        str(VENV_BIN / "gunicorn"), "kokous.wsgi:application", "--workers", str(args.workers),
        "--threads", str(args.threads), "--worker-class", "gthread", "--backlog", "4096",
        "--keep-alive", "75", "--access-logfile", "/dev/null",
    ]  # fmt: skip
    (tmp / "nginx.conf").write_text(
        NGINX_CONF.format(
            tmp=tmp,
            host=HOST,
            app1=APP_PORTS[0],
            app2=APP_PORTS[1],
            static_port=STATIC_PORT,
            cached_port=CACHED_PORT,
            one_port=ONE_PORT,
            two_port=TWO_PORT,
            static_root=env["STATIC_ROOT"],
            proxy=PROXY,
        )
    )
    servers = [
        [*gunicorn, "--bind", f"{HOST}:{APP_PORTS[0]}"],
        [nginx, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"],
    ]
    results: list[Result] = []
    with _processes(servers, env, log):
        _wait_for(f"http://{HOST}:{APP_PORTS[0]}/")
        time.sleep(1)  # nginx
        minutes_path = paths["minutes page"][0]
        page = _fetch(f"http://{HOST}:{APP_PORTS[0]}{minutes_path}")
        (tmp / "static" / "minutes.html").write_bytes(page)
        print(f"  minutes page {minutes_path}: {len(page):,} bytes")
        _warm_up(paths, args, tmp)

        print("\nBehind nginx with its cache (the production front):")
        for name, listing in paths.items():
            # Within the pages' max-age, as a cache whose entries were filled at different
            # moments mostly is: the warm-up filled them all at once, so they would also expire
            # all at once in the middle of a later run (bench/README.md says what that costs).
            for path in listing:
                _fetch(f"http://{HOST}:{CACHED_PORT}{path}", refresh=True)
            results.append(_wrk(name, "nginx cache + 1 app", CACHED_PORT, listing, args, tmp))
        print("\nnginx serving the minutes page as a static file (the yardstick):")
        static = _wrk(
            "minutes page", "nginx static file", STATIC_PORT, ["/minutes.html"], args, tmp
        )
        results.append(static)
        if not args.skip_origin:
            print("\nThe application itself (gunicorn, no cache):")
            for name, listing in paths.items():
                results.append(_wrk(name, "gunicorn, no cache", APP_PORTS[0], listing, args, tmp))

    print("\nScale-out: nginx without cache in front of one and of two app servers:")
    servers = [
        [*gunicorn, "--bind", f"{HOST}:{APP_PORTS[0]}"],
        [*gunicorn, "--bind", f"{HOST}:{APP_PORTS[1]}"],
        [nginx, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"],
    ]
    with _processes(servers, env, log):
        _wait_for(f"http://{HOST}:{APP_PORTS[0]}/")
        _wait_for(f"http://{HOST}:{APP_PORTS[1]}/")
        time.sleep(1)
        listing = paths["meeting page"]
        _wrk("(warm-up)", "nginx → 2 app servers", TWO_PORT, listing, args, tmp)
        one = _wrk("meeting page", "nginx → 1 app server", ONE_PORT, listing, args, tmp)
        two = _wrk("meeting page", "nginx → 2 app servers", TWO_PORT, listing, args, tmp)
        results += [one, two]

    cached_minutes = next(
        r for r in results if r.name == "minutes page" and r.target.startswith("nginx cache")
    )
    print("\nSummary")
    print("| endpoint | served by | req/s | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r.name} | {r.target} | {r.rate:,.0f} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | "
            f"{r.p99_ms:.1f} | {r.errors} |"
        )
    ratio = cached_minutes.rate / static.rate if static.rate else 0
    print(
        f"\nMinutes page through the cache / nginx static file: {ratio:.2f} "
        f"({cached_minutes.rate:,.0f} / {static.rate:,.0f} req/s; target ≥ 0.25)"
    )
    print(
        f"Two app servers / one: {two.rate / one.rate:.2f} "
        f"({two.rate:,.0f} / {one.rate:,.0f} req/s on {os.cpu_count()} cores)"
    )
    front = [r for r in results if r.target.startswith("nginx cache")]
    worst = max(front, key=lambda r: r.p99_ms)
    print(
        f"Worst p99 behind the production front: {worst.p99_ms:.1f} ms ({worst.name}; target "
        f"< 100 ms); errors in all runs: {sum(r.errors for r in results)}"
    )
    if args.json:
        args.json.write_text(
            json.dumps([{**r.__dict__, "rate": r.rate} for r in results], indent=2) + "\n"
        )
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
