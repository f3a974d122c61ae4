"""Profile one page in process: what its requests cost, where the time goes, and its queries.

    DB_NAME=csp_bench_small python -m benchmarks.profile URL [--cookie NAME=VALUE] [-n 50]

Runs the request through the whole middleware stack with the production settings (DEBUG off),
as the benchmark's server does, first once to warm up, then N times under cProfile. Prints the
mean wall time per request, the functions that took most of it, and the SQL of one request.
"""

import argparse
import cProfile
import os
import pstats
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--cookie", help="NAME=VALUE, for example a session cookie")
    parser.add_argument("-n", type=int, default=50, help="requests to profile")
    parser.add_argument("--top", type=int, default=30, help="functions to print")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key")
    parser.add_argument("--sql", action="store_true", help="print the SQL of one request")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csp_portal.settings")
    os.environ.setdefault("DEBUG", "False")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECRET_KEY", "profile-only-" + "k" * 50)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def get():
        response = client.get(args.url)
        if response.streaming:
            response.content_bytes = b"".join(response.streaming_content)
        else:
            response.content_bytes = response.content
        return response

    client = Client()
    if args.cookie:
        name, _, value = args.cookie.partition("=")
        client.cookies[name] = value
    response = get()
    print(f"{args.url}: {response.status_code}, {len(response.content_bytes)} bytes")
    with CaptureQueriesContext(connection) as queries:
        get()
    print(f"{len(queries)} queries")
    if args.sql:
        for query in queries:
            print(f"  {query['time']}s {query['sql'][:300]}")
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(args.n):
        get()
    profiler.disable()
    elapsed = (time.perf_counter() - started) / args.n
    print(f"{elapsed * 1000:.1f} ms per request under the profiler")
    started = time.perf_counter()
    for _ in range(args.n):
        get()
    print(f"{(time.perf_counter() - started) / args.n * 1000:.1f} ms per request without it")
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
