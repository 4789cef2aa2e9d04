"""Zip archives made by other zip writers, for the server's own zip reader (tests/server/zip-reader.test.ts).

Writes to tests/fixtures/zip/, with Debian's Info-ZIP zip 3.0 (/usr/bin/zip) and Python's zipfile (3.11):
  - infozip.zip: `zip -r` of a folder: manifest.csv, images/a.txt (compressible: deflated), images/b.bin
    (256 bytes 0..255, stored or deflated as zip decides), and the folder entries;
  - infozip-stored.zip: the same with `zip -0` (every entry stored);
  - streamed.zip: `zip -r - ...` written to a pipe, so entries carry data descriptors (sizes after the data);
  - link.zip: `zip -y` of a symbolic link (stored as a link: must be refused);
  - dotdot.zip, absolute.zip: Python zipfile entries named "../evil.txt" and "/etc/evil.txt";
  - python-deflate.zip: Python zipfile ZIP_DEFLATED of the same files, with an archive comment;
  - bzip2.zip: Python zipfile ZIP_BZIP2 (method 12: must be refused naming the method).
Run: /usr/bin/python3 scripts/reference/make-zip-fixtures.py (Info-ZIP stamps the files' times: bytes differ per run)
"""
import os
import shutil
import subprocess
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fixtures", "zip")
FILES = {
    "manifest.csv": b"id,image,mask\np1,images/a.txt,images/b.bin\n",
    "images/a.txt": b"radiomics " * 200,
    "images/b.bin": bytes(range(256)),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    src = tempfile.mkdtemp()
    for name, data in FILES.items():
        os.makedirs(os.path.dirname(os.path.join(src, name)) or src, exist_ok=True)
        with open(os.path.join(src, name), "wb") as f:
            f.write(data)
    os.symlink("/etc/passwd", os.path.join(src, "passwd-link"))
    env = dict(os.environ, TZ="UTC")
    for target, args in [("infozip.zip", ["-r", "-X"]), ("infozip-stored.zip", ["-r", "-X", "-0"])]:
        path = os.path.join(OUT, target)
        if os.path.exists(path):
            os.remove(path)
        subprocess.run(["zip", "-q", *args, path, "manifest.csv", "images"], cwd=src, check=True, env=env)
    with open(os.path.join(OUT, "streamed.zip"), "wb") as out:
        pipe = subprocess.Popen(["zip", "-q", "-r", "-X", "-", "manifest.csv", "images"], cwd=src, stdout=subprocess.PIPE, env=env)
        shutil.copyfileobj(pipe.stdout, out)
        assert pipe.wait() == 0
    path = os.path.join(OUT, "link.zip")
    if os.path.exists(path):
        os.remove(path)
    subprocess.run(["zip", "-q", "-y", "-X", path, "passwd-link"], cwd=src, check=True, env=env)
    fixed = (2026, 1, 1, 0, 0, 0)
    for target, entries, method, comment in [
        ("dotdot.zip", {"manifest.csv": FILES["manifest.csv"], "../evil.txt": b"x"}, zipfile.ZIP_STORED, b""),
        ("absolute.zip", {"/etc/evil.txt": b"x"}, zipfile.ZIP_STORED, b""),
        ("python-deflate.zip", FILES, zipfile.ZIP_DEFLATED, b"made by Python's zipfile"),
        ("bzip2.zip", {"manifest.csv": FILES["manifest.csv"]}, zipfile.ZIP_BZIP2, b""),
    ]:
        with zipfile.ZipFile(os.path.join(OUT, target), "w", compression=method) as z:
            for name, data in entries.items():
                info = zipfile.ZipInfo(name, date_time=fixed)
                info.compress_type = method
                z.writestr(info, data)
            z.comment = comment
    shutil.rmtree(src)


if __name__ == "__main__":
    main()
