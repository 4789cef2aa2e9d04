// Reference values for the LoG and gradient filters: ITK's LaplacianRecursiveGaussianImageFilter with
// NormalizeAcrossScale on (what pyradiomics' getLoGImage runs through SimpleITK) and GradientMagnitudeImageFilter
// with image spacing (getGradientImage), applied to pyradiomics' breast1 image (short), output double. Prints,
// for each sigma given (and "gradient" for the gradient), the filtered values at the voxels where the label file
// equals 1 (x fastest), one per line, with 17 significant digits.
// Build (Debian bookworm: apt-get install libinsighttoolkit5-dev g++; ITK 5.2):
//   g++ -O1 -std=c++17 -I/usr/include/ITK-5.2 scripts/reference/log-reference.cxx -o /tmp/log-reference \
//     -L/usr/lib -lITKIONRRD-5.2 -lITKIOImageBase-5.2 -lITKNrrdIO-5.2 -lITKSmoothing-5.2 -lITKCommon-5.2 -litksys-5.2 -litkvnl_algo-5.2 -litkvnl-5.2 -lz -lpthread
// Run: /tmp/log-reference <image.nrrd> <label.nrrd> <sigma> [<sigma> ...] > out.txt
// tests/radiomics/fixtures/log-reference-breast1.txt is
//   /tmp/log-reference ../shared/data/radiomics/pyradiomics/breast1_{image,label}.nrrd 1.0 3.0 5.0
// and tests/radiomics/fixtures/gradient-reference-breast1.txt the same with the argument "gradient".
#include "itkImage.h"
#include "itkImageFileReader.h"
#include "itkImageRegionConstIterator.h"
#include "itkLaplacianRecursiveGaussianImageFilter.h"
#include "itkGradientMagnitudeImageFilter.h"
#include "itkNrrdImageIOFactory.h"
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char * argv[])
{
  if (argc < 4) return 2;
  itk::NrrdImageIOFactory::RegisterOneFactory();
  using ImageType = itk::Image<short, 3>;
  using LabelType = itk::Image<int, 3>;
  using OutputType = itk::Image<double, 3>;
  auto image = itk::ReadImage<ImageType>(argv[1]);
  auto label = itk::ReadImage<LabelType>(argv[2]);
  for (int s = 3; s < argc; ++s)
  {
    if (std::string(argv[s]) == "gradient")
    {
      using GradientType = itk::GradientMagnitudeImageFilter<ImageType, OutputType>;
      auto gradient = GradientType::New();
      gradient->SetInput(image);
      gradient->SetUseImageSpacing(true);
      gradient->Update();
      itk::ImageRegionConstIterator<OutputType> g(gradient->GetOutput(), gradient->GetOutput()->GetLargestPossibleRegion());
      itk::ImageRegionConstIterator<LabelType>  gl(label, label->GetLargestPossibleRegion());
      std::printf("gradient\n");
      for (; !g.IsAtEnd(); ++g, ++gl)
        if (gl.Get() == 1) std::printf("%.17g\n", g.Get());
      continue;
    }
    using FilterType = itk::LaplacianRecursiveGaussianImageFilter<ImageType, OutputType>;
    auto filter = FilterType::New();
    filter->SetInput(image);
    filter->SetNormalizeAcrossScale(true);
    filter->SetSigma(std::atof(argv[s]));
    filter->SetNumberOfWorkUnits(1);
    filter->Update();
    itk::ImageRegionConstIterator<OutputType> out(filter->GetOutput(), filter->GetOutput()->GetLargestPossibleRegion());
    itk::ImageRegionConstIterator<LabelType>  lab(label, label->GetLargestPossibleRegion());
    std::printf("sigma %s\n", argv[s]);
    for (; !out.IsAtEnd(); ++out, ++lab)
      if (lab.Get() == 1) std::printf("%.17g\n", out.Get());
  }
  return 0;
}
