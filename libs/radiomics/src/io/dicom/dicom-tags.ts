import { tag } from './dicom-dataset';

/** The tags the series and segmentation readers use (names as in DICOM PS3.6). */
export const TAGS = {
  TransferSyntaxUID: tag(0x0002, 0x0010),
  SOPClassUID: tag(0x0008, 0x0016),
  SOPInstanceUID: tag(0x0008, 0x0018),
  Modality: tag(0x0008, 0x0060),
  ReferencedSeriesSequence: tag(0x0008, 0x1115),
  SliceThickness: tag(0x0018, 0x0050),
  SpacingBetweenSlices: tag(0x0018, 0x0088),
  SeriesInstanceUID: tag(0x0020, 0x000e),
  InstanceNumber: tag(0x0020, 0x0013),
  ImagePositionPatient: tag(0x0020, 0x0032),
  ImageOrientationPatient: tag(0x0020, 0x0037),
  PlanePositionSequence: tag(0x0020, 0x9113),
  PlaneOrientationSequence: tag(0x0020, 0x9116),
  SamplesPerPixel: tag(0x0028, 0x0002),
  NumberOfFrames: tag(0x0028, 0x0008),
  Rows: tag(0x0028, 0x0010),
  Columns: tag(0x0028, 0x0011),
  PixelSpacing: tag(0x0028, 0x0030),
  BitsAllocated: tag(0x0028, 0x0100),
  BitsStored: tag(0x0028, 0x0101),
  PixelRepresentation: tag(0x0028, 0x0103),
  RescaleIntercept: tag(0x0028, 0x1052),
  RescaleSlope: tag(0x0028, 0x1053),
  PixelMeasuresSequence: tag(0x0028, 0x9110),
  SegmentationType: tag(0x0062, 0x0001),
  SegmentSequence: tag(0x0062, 0x0002),
  SegmentNumber: tag(0x0062, 0x0004),
  SegmentLabel: tag(0x0062, 0x0005),
  SegmentIdentificationSequence: tag(0x0062, 0x000a),
  ReferencedSegmentNumber: tag(0x0062, 0x000b),
  MaximumFractionalValue: tag(0x0062, 0x000e),
  SharedFunctionalGroupsSequence: tag(0x5200, 0x9229),
  PerFrameFunctionalGroupsSequence: tag(0x5200, 0x9230),
  PixelData: tag(0x7fe0, 0x0010),
} as const;

/** SOP Class UID of DICOM Segmentation Storage. */
export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';

/** Sequences (VR SQ) among the tags above, so an implicit-VR file's defined-length sequences are parsed as such. */
export const SEQUENCE_TAGS = new Set<number>([
  TAGS.ReferencedSeriesSequence,
  TAGS.PlanePositionSequence,
  TAGS.PlaneOrientationSequence,
  TAGS.PixelMeasuresSequence,
  TAGS.SegmentSequence,
  TAGS.SegmentIdentificationSequence,
  TAGS.SharedFunctionalGroupsSequence,
  TAGS.PerFrameFunctionalGroupsSequence,
]);
