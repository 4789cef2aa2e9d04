"""Reference values for pyradiomics' voxel-wise filters (getSquareImage, getSquareRootImage, getLogarithmImage,
getExponentialImage): their numpy code, copied from pyradiomics' imageoperations.py, applied to pyradiomics'
breast1 image and to it minus 100 (negative values); the values at breast1's ROI voxels (label 1, numpy C
order) go to tests/radiomics/fixtures/intensity-filters-reference.json.
Run: /usr/bin/python3 scripts/reference/intensity-filters-reference.py  (numpy 1.24, Debian)
"""
import json
import os

import numpy as np


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "..", "shared", "data", "radiomics", "pyradiomics")


def read_nrrd(path):
    import gzip

    raw = open(path, "rb").read()
    end = raw.index(b"\n\n") + 2
    fields = dict(line.split(": ", 1) for line in raw[:end].decode("latin1").splitlines()[1:] if ": " in line)
    sizes = [int(s) for s in fields["sizes"].split()]
    dtype = {"short": "<i2", "int": "<i4"}[fields["type"]]
    return np.frombuffer(gzip.decompress(raw[end:]), dtype=dtype).reshape(sizes[::-1])


def square(im):
    im = im.astype("float64")
    coeff = 1 / np.sqrt(np.max(np.abs(im)))
    return (coeff * im) ** 2


def squareroot(im):
    im = im.astype("float64")
    coeff = np.max(np.abs(im))
    im[im > 0] = np.sqrt(im[im > 0] * coeff)
    im[im < 0] = -np.sqrt(-im[im < 0] * coeff)
    return im


def logarithm(im):
    im = im.astype("float64")
    im_max = np.max(np.abs(im))
    im[im > 0] = np.log(im[im > 0] + 1)
    im[im < 0] = -np.log(-(im[im < 0] - 1))
    return im * (im_max / np.max(np.abs(im)))


def exponential(im):
    im = im.astype("float64")
    im_max = np.max(np.abs(im))
    coeff = np.log(im_max) / im_max
    return np.exp(coeff * im)


image = read_nrrd(os.path.join(DATA, "breast1_image.nrrd"))
roi = read_nrrd(os.path.join(DATA, "breast1_label.nrrd")) == 1
# a signed variant (image - 100) exercises the negative branches
out = {"numpy": np.__version__}
for name, f in [("square", square), ("squareroot", squareroot), ("logarithm", logarithm), ("exponential", exponential)]:
    out[name] = f(image)[roi].tolist()
    out[name + "_shifted"] = f(image.astype("int32") - 100)[roi].tolist()
with open(os.path.join(ROOT, "tests", "radiomics", "fixtures", "intensity-filters-reference.json"), "w") as fh:
    json.dump(out, fh)
