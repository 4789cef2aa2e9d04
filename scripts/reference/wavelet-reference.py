"""Reference values for the wavelet filter: PyWavelets' stationary transform with pyradiomics' padding.

Reproduces pyradiomics' imageoperations._swt3 (wavelet coif1, level 1, start level 0, axes (2, 1, 0): the image
padded by one wrapped voxel on each odd axis, pywt.swtn, cropped back; 'a' -> L, 'd' -> H) with PyWavelets
(Debian's python3-pywt 1.1.1, numpy 1.24) and writes, for
  - pyradiomics' breast1 test case (whole image transformed): each decomposition at the ROI's voxels (label 1,
    numpy C order), and
  - a 7 x 6 x 5 image of values (37 i mod 11) whose ROI is the whole image (the periodic wrap reaches it),
to tests/radiomics/fixtures/wavelet-reference.json.
Run: /usr/bin/python3 scripts/reference/wavelet-reference.py
"""
import json
import os

import numpy as np
import pywt

from nrrd_gzip import read_nrrd

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "..", "shared", "data", "radiomics", "pyradiomics")


def swt3(matrix, wavelet="coif1", axes=(2, 1, 0)):
    """pyradiomics' _swt3 for level 1, start level 0: {name: decomposition}, the approximation included."""
    original_shape = matrix.shape
    padding = tuple((0, 1 if dim % 2 != 0 else 0) for dim in original_shape)
    data = np.pad(matrix.copy(), padding, "wrap")
    dec = pywt.swtn(data, pywt.Wavelet(wavelet), level=1, start_level=0, axes=axes)[0]
    crop = tuple(slice(None, -1 if dim % 2 != 0 else None) for dim in original_shape)
    return {name.replace("a", "L").replace("d", "H"): values[crop] for name, values in dec.items()}


image = read_nrrd(os.path.join(DATA, "breast1_image.nrrd"))
roi = read_nrrd(os.path.join(DATA, "breast1_label.nrrd")) == 1
synthetic = np.array([(i * 37) % 11 for i in range(210)], dtype=float).reshape(5, 6, 7)
out = {
    "pywt": pywt.__version__,
    "numpy": np.__version__,
    "breast1": {name: values[roi].tolist() for name, values in sorted(swt3(image).items())},
    "synthetic": {name: values.ravel().tolist() for name, values in sorted(swt3(synthetic).items())},
}
with open(os.path.join(ROOT, "tests", "radiomics", "fixtures", "wavelet-reference.json"), "w") as f:
    json.dump(out, f)
