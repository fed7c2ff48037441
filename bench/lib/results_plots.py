"""PNG plots for results.md: throughput and latency percentiles against concurrency."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FixedLocator, ScalarFormatter  # noqa: E402


def connection_axis(ax, result):
    levels = sorted({r["concurrency"] for r in result["runs"]})
    ax.set_xscale("log", base=2)
    ax.xaxis.set_major_locator(FixedLocator(levels))
    ax.xaxis.set_major_formatter(ScalarFormatter())
    ax.set_xlabel("connections")


def series(result, scenario, target, key):
    rows = sorted((r for r in result["runs"] if r["scenario"] == scenario and r["target"] == target),
                  key=lambda r: r["concurrency"])
    return [r["concurrency"] for r in rows], [r[key] for r in rows]


STYLES = {"reportd": "-o", "nginx": "--x", "actor-floor": "--+", "reportd-1conn": ":s", "sqlite-1": "-.o", "pg-1": "-.v", "pg-3": "-.^"}


def plots(result, scenarios, out):
    names = [s for s in scenarios if s != "idle"]
    labels = result.get("target_labels", {})
    fig, ax = plt.subplots(figsize=(9, 5))
    for s in names:
        for target, style in STYLES.items():
            x, y = series(result, s, target, "rps")
            if x:
                ax.plot(x, y, style, label=f"{scenarios[s][0]} ({labels.get(target, target)})")
    connection_axis(ax, result)
    ax.set_yscale("log")
    ax.set_ylabel("requests per second")
    ax.set_title(f"reportd throughput, {result['date']}")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out / "throughput.png", dpi=90)
    plt.close(fig)

    fig, axes = plt.subplots(1, len(names), figsize=(3.2 * len(names), 4), sharey=True)
    for ax, s in zip(axes, names):
        for key, style in (("p50_ms", "-o"), ("p90_ms", "-s"), ("p99_ms", "-^"), ("max_ms", ":")):
            x, y = series(result, s, "reportd", key)
            if x:
                ax.plot(x, y, style, label=key.replace("_ms", ""))
        connection_axis(ax, result)
        ax.set_yscale("log")
        ax.set_title(scenarios[s][0], fontsize=8)
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("latency ms")
    if axes[0].get_legend_handles_labels()[0]:
        axes[0].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out / "latency.png", dpi=90)
    plt.close(fig)
