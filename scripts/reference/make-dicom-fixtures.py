"""DICOM test fixtures made from pyradiomics' brain1 case (no DICOM exists in ../shared).

Crops ../shared/data/radiomics/pyradiomics/brain1_image.nrrd and brain1_label.nrrd to the label's bounding box
plus a margin (CROP below), gives the crop a new, oblique geometry (rotation about z by 15 degrees, then about x
by 10 degrees; spacing 0.78125 x 0.78125 x 6.5 mm as brain1; origin ORIGIN) and writes, with Debian's
python3-pydicom 2.3.1 and numpy 1.24, to tests/fixtures/dicom/:
  - reference/image.nrrd: the crop (int16) with that geometry, raw encoding: what the DICOM reader must give;
  - reference/segment-1.nrrd, reference/segment-2.nrrd: segment 1 "lesion" = brain1's label 1; segment 2 "surround"
    = label 1 dilated by 2 voxels in-plane (5 x 5 square, per slice), so it CONTAINS segment 1 (segments overlap,
    as a liver contains its lesion); each as its own label map (values 1 and 2);
  - ct-implicit/: one CT file per slice, Implicit VR Little Endian, signed 16-bit, slope 1, intercept 0;
  - ct-explicit/: Explicit VR Little Endian, unsigned 16-bit stored (value - min) x 2, RescaleSlope 0.5,
    RescaleIntercept min (non-integral rescale, unsigned path);
  - ct-deflated/: Deflated Explicit VR Little Endian, as ct-implicit's values;
  - seg.dcm: BINARY DICOM-SEG (packed bits) of both segments, frames only where a segment has voxels, segment 2's
    frames first and slices in reverse order (the reader must place frames by PlanePositionSequence);
  - seg-fractional.dcm: FRACTIONAL SEG (8 bits, max 200) of segment 1 where inside voxels are 200 or 100 (>= 0.5)
    and a ring of outside voxels is 99 (< 0.5): thresholded at 0.5 it is segment 1 again;
  - bad/jpeg-baseline.dcm: one slice declaring JPEG Baseline (1.2.840.10008.1.2.4.50), encapsulated bytes;
  - bad/seg-off-grid.dcm: seg.dcm with one frame moved half a voxel along the rows;
  - ct8/: a 4 x 3 x 3 series, BitsAllocated 8 unsigned, intercept -100, value(i, j, k) = i + 4 j + 12 k + 7 stored.
File names are a seeded permutation (not slice order); UIDs derive from fixed text (reproducible files).
Run: /usr/bin/python3 scripts/reference/make-dicom-fixtures.py
"""
import os
import shutil

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.sequence import Sequence
from pydicom.uid import (
    DeflatedExplicitVRLittleEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    JPEGBaseline8Bit,
    generate_uid,
)

from nrrd_gzip import read_nrrd

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "..", "shared", "data", "radiomics", "pyradiomics")
OUT = os.path.join(ROOT, "tests", "fixtures", "dicom")
CT_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
SEG_STORAGE = "1.2.840.10008.5.1.4.1.1.66.4"
# z, y, x ranges of brain1 kept (label 1 spans z 11-17, y 84-153, x 162-208).
CROP = (slice(9, 20), slice(80, 158), slice(158, 214))
SPACING = (0.78125, 0.78125, 6.5)  # x, y, z (mm)
ORIGIN = (-41.5, 22.25, -30.0)


def uid(text):
    return generate_uid(entropy_srcs=["radsweep dicom fixture", text])


def ds_text(v):
    """A DS value of at most 16 characters (10 significant digits)."""
    s = "%.10g" % v
    return "0" if s == "-0" else s


def rotation():
    a, b = np.radians(15.0), np.radians(10.0)
    rz = np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])
    rx = np.array([[1, 0, 0], [0, np.cos(b), -np.sin(b)], [0, np.sin(b), np.cos(b)]])
    r = rx @ rz
    # Round the cosines as DICOM stores them, so the reference NRRD has exactly the written geometry.
    return np.array([[float(ds_text(x)) for x in row] for row in r])


def write_nrrd(path, volume, kind, r):
    directions = " ".join("(%s)" % ",".join(repr(float(r[row, axis] * SPACING[axis])) for row in range(3)) for axis in range(3))
    header = (
        "NRRD0004\n# made by scripts/reference/make-dicom-fixtures.py\n"
        f"type: {kind}\ndimension: 3\nspace: left-posterior-superior\n"
        f"sizes: {volume.shape[2]} {volume.shape[1]} {volume.shape[0]}\n"
        f"space directions: {directions}\nkinds: domain domain domain\nendian: little\nencoding: raw\n"
        f"space origin: ({','.join(repr(float(x)) for x in ORIGIN)})\n\n"
    )
    dtype = {"short": "<i2", "uchar": "u1"}[kind]
    with open(path, "wb") as f:
        f.write(header.encode("latin1"))
        f.write(np.ascontiguousarray(volume, dtype=dtype).tobytes())


def slice_position(r, k):
    return [ORIGIN[i] + r[i, 2] * SPACING[2] * k for i in range(3)]


def base_dataset(sop_class, sop_uid, syntax):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = sop_uid
    meta.TransferSyntaxUID = syntax
    meta.ImplementationClassUID = uid("implementation")
    ds = Dataset()
    ds.file_meta = meta
    ds.preamble = b"\0" * 128
    ds.is_little_endian = True
    ds.is_implicit_VR = syntax == ImplicitVRLittleEndian
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = sop_uid
    ds.PatientName = "RadSweep^Fixture"
    ds.PatientID = "brain1-crop"
    ds.StudyInstanceUID = uid("study")
    ds.FrameOfReferenceUID = uid("frame of reference")
    return ds


def write_series(folder, volume, r, syntax, series, stored, slope, intercept, signed, bits=16):
    os.makedirs(folder, exist_ok=True)
    nz, ny, nx = volume.shape
    order = np.random.RandomState(12).permutation(nz)
    iop = [ds_text(r[i, 0]) for i in range(3)] + [ds_text(r[i, 1]) for i in range(3)]
    for k in range(nz):
        ds = base_dataset(CT_STORAGE, uid(f"{series} slice {k}"), syntax)
        ds.Modality = "CT"
        ds.SeriesInstanceUID = uid(series)
        ds.InstanceNumber = int(order[k]) + 1
        ds.ImagePositionPatient = [ds_text(x) for x in slice_position(r, k)]
        ds.ImageOrientationPatient = iop
        ds.PixelSpacing = [ds_text(SPACING[1]), ds_text(SPACING[0])]  # row spacing (y), column spacing (x)
        ds.SliceThickness = ds_text(SPACING[2])
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.Rows, ds.Columns = ny, nx
        ds.BitsAllocated = bits
        ds.BitsStored = bits
        ds.HighBit = bits - 1
        ds.PixelRepresentation = 1 if signed else 0
        ds.RescaleSlope = ds_text(slope)
        ds.RescaleIntercept = ds_text(intercept)
        dtype = {(16, True): "<i2", (16, False): "<u2", (8, False): "u1"}[(bits, signed)]
        ds.PixelData = np.ascontiguousarray(stored[k], dtype=dtype).tobytes()
        ds.save_as(os.path.join(folder, "IM%04d.dcm" % order[k]), write_like_original=False)


def seg_dataset(r, frames, segments, series, bits, extra):
    """A SEG over the CT grid; `frames` is a list of (segment number, slice k, 2-D uint8 frame)."""
    ds = base_dataset(SEG_STORAGE, uid(f"seg {extra}"), ExplicitVRLittleEndian)
    ds.Modality = "SEG"
    ds.SeriesInstanceUID = uid(f"seg series {extra}")
    ref = Dataset()
    ref.SeriesInstanceUID = uid(series)
    ds.ReferencedSeriesSequence = Sequence([ref])
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ny, nx = frames[0][2].shape
    ds.Rows, ds.Columns = ny, nx
    ds.BitsAllocated = bits
    ds.BitsStored = bits
    ds.HighBit = bits - 1
    ds.PixelRepresentation = 0
    ds.LossyImageCompression = "00"
    ds.SegmentationType = "BINARY" if bits == 1 else "FRACTIONAL"
    if bits == 8:
        ds.SegmentationFractionalType = "PROBABILITY"
        ds.MaximumFractionalValue = 200
    items = []
    for number, label in segments:
        s = Dataset()
        s.SegmentNumber = number
        s.SegmentLabel = label
        s.SegmentAlgorithmType = "MANUAL"
        items.append(s)
    ds.SegmentSequence = Sequence(items)
    shared = Dataset()
    measures = Dataset()
    measures.PixelSpacing = [ds_text(SPACING[1]), ds_text(SPACING[0])]
    measures.SliceThickness = ds_text(SPACING[2])
    shared.PixelMeasuresSequence = Sequence([measures])
    orientation = Dataset()
    orientation.ImageOrientationPatient = [ds_text(r[i, 0]) for i in range(3)] + [ds_text(r[i, 1]) for i in range(3)]
    shared.PlaneOrientationSequence = Sequence([orientation])
    ds.SharedFunctionalGroupsSequence = Sequence([shared])
    per_frame = []
    for number, k, _ in frames:
        g = Dataset()
        position = Dataset()
        position.ImagePositionPatient = [ds_text(x) for x in slice_position(r, k)]
        g.PlanePositionSequence = Sequence([position])
        ident = Dataset()
        ident.ReferencedSegmentNumber = number
        g.SegmentIdentificationSequence = Sequence([ident])
        per_frame.append(g)
    ds.PerFrameFunctionalGroupsSequence = Sequence(per_frame)
    ds.NumberOfFrames = len(frames)
    stack = np.stack([f for _, _, f in frames])
    if bits == 1:
        packed = np.packbits(stack.reshape(-1).astype(np.uint8), bitorder="little").tobytes()
    else:
        packed = stack.astype(np.uint8).tobytes()
    ds.PixelData = packed + (b"\0" if len(packed) % 2 else b"")
    return ds


def dilate(mask, radius):
    out = mask.copy()
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            out |= np.roll(np.roll(mask, dy, axis=1), dx, axis=2)
    return out


def main():
    image = read_nrrd(os.path.join(DATA, "brain1_image.nrrd"))[CROP].astype(np.int16)
    label = read_nrrd(os.path.join(DATA, "brain1_label.nrrd"))[CROP]
    assert (label == 1).sum() == (read_nrrd(os.path.join(DATA, "brain1_label.nrrd")) == 1).sum(), "crop lost label voxels"
    lesion = label == 1
    surround = dilate(lesion, 2)
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(os.path.join(OUT, "reference"))
    os.makedirs(os.path.join(OUT, "bad"))
    r = rotation()
    write_nrrd(os.path.join(OUT, "reference", "image.nrrd"), image, "short", r)
    write_nrrd(os.path.join(OUT, "reference", "segment-1.nrrd"), lesion.astype(np.uint8), "uchar", r)
    write_nrrd(os.path.join(OUT, "reference", "segment-2.nrrd"), surround.astype(np.uint8) * 2, "uchar", r)

    lo = int(image.min())
    write_series(os.path.join(OUT, "ct-implicit"), image, r, ImplicitVRLittleEndian, "ct implicit", image, 1, 0, True)
    write_series(os.path.join(OUT, "ct-explicit"), image, r, ExplicitVRLittleEndian, "ct explicit", (image.astype(np.int32) - lo) * 2, 0.5, lo, False)
    write_series(os.path.join(OUT, "ct-deflated"), image, r, DeflatedExplicitVRLittleEndian, "ct deflated", image, 1, 0, True)

    nz = image.shape[0]
    frames = [(2, k, surround[k]) for k in reversed(range(nz)) if surround[k].any()]
    frames += [(1, k, lesion[k]) for k in reversed(range(nz)) if lesion[k].any()]
    seg = seg_dataset(r, frames, [(1, "lesion"), (2, "surround")], "ct implicit", 1, "binary")
    seg.save_as(os.path.join(OUT, "seg.dcm"), write_like_original=False)

    ring = dilate(lesion, 1) & ~lesion
    fractional = np.where(lesion, np.where(np.arange(lesion.size).reshape(lesion.shape) % 2 == 0, 200, 100), np.where(ring, 99, 0))
    frames = [(1, k, fractional[k]) for k in range(nz) if fractional[k].any()]
    seg_dataset(r, frames, [(1, "lesion")], "ct implicit", 8, "fractional").save_as(os.path.join(OUT, "seg-fractional.dcm"), write_like_original=False)

    off = seg_dataset(r, [(1, k, lesion[k]) for k in range(nz) if lesion[k].any()], [(1, "lesion")], "ct implicit", 1, "off grid")
    moved = off.PerFrameFunctionalGroupsSequence[1].PlanePositionSequence[0]
    moved.ImagePositionPatient = [ds_text(float(moved.ImagePositionPatient[i]) + 0.5 * SPACING[0] * r[i, 0]) for i in range(3)]
    off.save_as(os.path.join(OUT, "bad", "seg-off-grid.dcm"), write_like_original=False)

    jpeg = pydicom.dcmread(os.path.join(OUT, "ct-implicit", sorted(os.listdir(os.path.join(OUT, "ct-implicit")))[0]))
    jpeg.file_meta.TransferSyntaxUID = JPEGBaseline8Bit
    jpeg.is_implicit_VR = False
    jpeg.BitsAllocated = jpeg.BitsStored = 8
    jpeg.HighBit = 7
    jpeg.PixelRepresentation = 0
    jpeg.PixelData = encapsulate([b"\xff\xd8\xff\xe0 not a real jpeg \xff\xd9"])
    jpeg["PixelData"].is_undefined_length = True
    jpeg["PixelData"].VR = "OB"
    jpeg.save_as(os.path.join(OUT, "bad", "jpeg-baseline.dcm"), write_like_original=False)

    k, j, i = np.meshgrid(np.arange(3), np.arange(3), np.arange(4), indexing="ij")
    small = (i + 4 * j + 12 * k + 7).astype(np.uint8)
    write_series(os.path.join(OUT, "ct8"), small, r, ExplicitVRLittleEndian, "ct 8 bit", small, 1, -100, False, bits=8)


if __name__ == "__main__":
    main()
