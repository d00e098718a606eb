#!/usr/bin/env python3
"""Where a submit burst's queue drain goes: starts the built service on a loopback port with its own state folder,
submits a burst of jobs as fast as a few client threads can, and samples the database until every job is final.
Prints the submit rate and the drain rate (final jobs per second, from the first submit to the last completion) for:
  fail  - jobs that fail at once (injected fault, no ffmpeg, no callback): the queue, database and job-runner cost only;
  frame - real one-frame jobs on a tiny clip: what ffmpeg adds.
  bench/drain.py [--jobs N] [--threads T] [--concurrency C]   (build first: dotnet build src/VodSnapshot.Api -c Release)
"""
import argparse, json, os, shutil, socket, sqlite3, subprocess, sys, tempfile, threading, time, urllib.parse, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DLL = os.path.join(ROOT, "src/VodSnapshot.Api/bin/Release/net10.0/VodSnapshot.Api.dll")


def call(base, action, **params):
    query = urllib.parse.urlencode({"Action": action, "Version": "2017-03-21", "Format": "JSON", **params})
    with urllib.request.urlopen(f"{base}/?{query}", timeout=30) as r:
        return json.loads(r.read())


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(kind, jobs, threads, concurrency, clip):
    work = tempfile.mkdtemp(prefix="vodsnapshot-drain-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    media = os.path.join(work, "media")
    os.makedirs(media)
    shutil.copy(clip, os.path.join(media, "clip.mp4"))
    service = subprocess.Popen(
        ["dotnet", DLL, f"--Urls={base}", f"--Storage:Root={os.path.join(work, 'state')}", f"--Media:Roots:0={media}",
         f"--Jobs:MaxConcurrency={concurrency}", "--Logging:LogLevel:Default=Warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        video = call(base, "RegisterMedia", RegisterMetadatas=json.dumps([{"FileURL": "file://" + os.path.join(media, "clip.mp4"), "Title": "clip"}]))
        video = video["RegisteredMediaList"][0]["MediaId"]
        extra = {"UserData": json.dumps({"VodSnapshotFault": "fail=InternalError"})} if kind == "fail" else {}
        counter = iter(range(jobs))
        lock = threading.Lock()

        def submit():
            while True:
                with lock:
                    if next(counter, None) is None:
                        return
                call(base, "SubmitSnapshotJob", VideoId=video, **extra)

        db = sqlite3.connect(f"file:{os.path.join(work, 'state', 'vod.db')}?mode=ro", uri=True)
        started = time.monotonic()
        pool = [threading.Thread(target=submit) for _ in range(threads)]
        for t in pool:
            t.start()
        samples = []
        submitted_at = None
        while True:
            final = db.execute("SELECT COUNT(*) FROM SnapshotJobs WHERE Status IN (2, 3) OR Status IN ('Succeeded', 'Failed')").fetchone()[0]
            total = db.execute("SELECT COUNT(*) FROM SnapshotJobs").fetchone()[0]
            now = time.monotonic() - started
            samples.append((now, total, final))
            if submitted_at is None and not any(t.is_alive() for t in pool):
                submitted_at = now
            if submitted_at is not None and final >= jobs:
                break
            if now > 600:
                print(f"  gave up after 600 s: {final}/{jobs} final", file=sys.stderr)
                break
            time.sleep(0.25)
        drained = samples[-1][0]
        # The steady drain rate: final jobs per second over the middle of the run (10%..90% of the jobs final).
        lo = next(s for s in samples if s[2] >= jobs * 0.1)
        hi = next(s for s in samples if s[2] >= jobs * 0.9)
        steady = (hi[2] - lo[2]) / (hi[0] - lo[0]) if hi[0] > lo[0] else float("nan")
        print(f"{kind:5} jobs={jobs} workers={concurrency}: submitted in {submitted_at:.1f} s ({jobs / submitted_at:.0f}/s), "
              f"all final after {drained:.1f} s; drain {jobs / drained:.0f} jobs/s overall, {steady:.0f} jobs/s steady (10-90 %)")
    finally:
        service.terminate()
        try:
            service.wait(20)
        except subprocess.TimeoutExpired:
            service.kill()
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--concurrency", type=int, default=os.cpu_count())
    parser.add_argument("--kinds", default="fail,frame")
    args = parser.parse_args()
    clip_dir = tempfile.mkdtemp(prefix="vodsnapshot-drain-clip-")
    clip = os.path.join(clip_dir, "clip.mp4")
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=4", "-c:v", "libx264", "-preset", "veryfast", "-g", "25", clip], check=True)
    try:
        for kind in args.kinds.split(","):
            run(kind, args.jobs, args.threads, args.concurrency, clip)
    finally:
        shutil.rmtree(clip_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
