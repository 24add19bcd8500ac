from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(fn, *args, **kwargs) -> tuple[int, object]:
    """Run ``fn`` and return (number of SQL queries, its result)."""
    with CaptureQueriesContext(connection) as ctx:
        result = fn(*args, **kwargs)
    return len(ctx.captured_queries), result


def assert_constant_queries(client, url: str, grow, *, sizes=(1, 200)) -> list[int]:
    """GET ``url`` after ``grow(n)`` has built data of size n, for each size; the number of
    queries must be the same. ``grow`` is called with each size in turn (cumulatively is fine).
    Returns the counts."""
    counts = []
    for n in sizes:
        grow(n)
        count, response = count_queries(client.get, url)
        assert response.status_code == 200, (url, response.status_code)
        counts.append(count)
    assert len(set(counts)) == 1, f"{url}: queries grow with data: {dict(zip(sizes, counts, strict=True))}"
    return counts
