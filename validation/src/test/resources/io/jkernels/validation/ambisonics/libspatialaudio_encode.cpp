// Prints libspatialaudio's order-3 3D encoding gains for each (azimuth, elevation) pair on the command line
// (radians), one line per direction: "az el g0 g1 ... g15". Compiled and run by LibSpatialAudioCrossCheckTest.
#include <spatialaudio/Ambisonics.h>
#include <cstdio>
#include <cstdlib>
int main(int argc, char** argv) {
  const unsigned order = 3;
  CAmbisonicEncoder encoder;
  if (!encoder.Configure(order, true, 0)) return 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    PolarPoint p{static_cast<float>(atof(argv[i])), static_cast<float>(atof(argv[i + 1])), 1.0f};
    encoder.SetPosition(p);
    encoder.Refresh();
    printf("%s %s", argv[i], argv[i + 1]);
    for (unsigned c = 0; c < (order + 1) * (order + 1); c++) printf(" %.9g", encoder.GetCoefficient(c));
    printf("\n");
  }
  return 0;
}
