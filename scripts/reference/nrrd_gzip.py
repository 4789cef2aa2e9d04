"""Reads pyradiomics' gzip NRRD test files into numpy (shared by the reference scripts beside it)."""
import gzip

import numpy as np

TYPES = {"short": "<i2", "int": "<i4"}


def read_nrrd(path):
    """The voxels of a gzip NRRD as numpy (z, y, x); enough for pyradiomics' test files."""
    raw = open(path, "rb").read()
    end = raw.index(b"\n\n") + 2
    fields = dict(line.split(": ", 1) for line in raw[:end].decode("latin1").splitlines()[1:] if ": " in line)
    assert fields["encoding"] == "gzip" and fields["endian"] == "little"
    sizes = [int(s) for s in fields["sizes"].split()]
    return np.frombuffer(gzip.decompress(raw[end:]), dtype=TYPES[fields["type"]]).reshape(sizes[::-1])
