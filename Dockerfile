# Pantau SP2020: the dashboard (and, with another command, the importer) in one image.
# Build: docker build -t pantau-sp2020 .   Run: see compose.yaml, or README "Deploy".
# The exact tag pins Python and Debian; rebuild monthly for security fixes (a digest would pin harder).
FROM python:3.11.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # the store, its salt and the users file live on the volume, outside the image
    PANTAU_STORE=/data/sensus.duckdb \
    # fewer malloc arenas for Streamlit's thread-per-rerun: lower, flatter RSS (bench/RESULTS.md, load section)
    MALLOC_ARENA_MAX=2 \
    # the user has no home: chromium (kaleido's PNG export) and Streamlit write their bits to /tmp
    HOME=/tmp

# chromium: kaleido draws the chart PNG of the daily WhatsApp message with it (Debian's, as in CI)
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

# a user without a shell or home to write to; it owns only the data volume
# numeric, so the host can match it on a bind-mounted /data (chown -R 10001:10001 the folder)
RUN groupadd --system --gid 10001 pantau \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin pantau \
    && mkdir -p /data/inbox && chown -R 10001:10001 /data
COPY --chown=root:root . .

USER 10001:10001
VOLUME ["/data"]
EXPOSE 8501

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["curl", "--fail", "--silent", "--max-time", "4", "http://127.0.0.1:8501/_stcore/health"]

# a real deployment: an empty volume shows "no data yet" until the first import; never a demo store
# (for a demo: -e PANTAU_DEMO=1 -e PANTAU_STORE=/data/demo/33.16.duckdb, on a volume of its own)
CMD ["python", "-m", "streamlit", "run", "dashboard.py", "--server.port=8501", "--server.address=0.0.0.0"]
