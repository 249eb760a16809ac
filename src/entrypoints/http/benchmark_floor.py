"""A constant answer for the benchmarks (mounted only with MYSTAR_BENCHMARK_ROUTES): what the framework
costs with no work of ours, the floor the other routes are measured against."""

from litestar import Controller, get


class BenchmarkFloorController(Controller):
    path = "/bench"
    include_in_schema = False

    @get("/floor")
    async def floor(self) -> dict[str, str]:
        return {"status": "ok"}
