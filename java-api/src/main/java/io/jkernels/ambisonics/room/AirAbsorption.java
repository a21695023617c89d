package io.jkernels.ambisonics.room;

/**
 * Atmospheric absorption of sound by ISO 9613-1:1993, Eq. (3)–(5) and Annex B (saturation vapour pressure), at
 * the standard pressure of 101.325 kPa.
 */
final class AirAbsorption {
  private AirAbsorption() {}

  /** Attenuation α in dB per metre at {@code frequency} Hz. */
  static double decibelsPerMetre(double frequency, double temperatureCelsius, double relativeHumidityPercent) {
    double t = temperatureCelsius + 273.15;
    double t0 = 293.15;
    double t01 = 273.16;
    double pressureRatio = 1.0; // pa / pr
    double saturation = Math.pow(10, -6.8346 * Math.pow(t01 / t, 1.261) + 4.6151); // psat / pr
    double h = relativeHumidityPercent * saturation / pressureRatio; // molar concentration of water vapour, %
    double frO = pressureRatio * (24 + 4.04e4 * h * (0.02 + h) / (0.391 + h));
    double frN = pressureRatio * Math.pow(t / t0, -0.5)
        * (9 + 280 * h * Math.exp(-4.170 * (Math.pow(t / t0, -1.0 / 3) - 1)));
    double f2 = frequency * frequency;
    return 8.686 * f2 * (1.84e-11 / pressureRatio * Math.sqrt(t / t0)
        + Math.pow(t / t0, -2.5) * (0.01275 * Math.exp(-2239.1 / t) / (frO + f2 / frO)
            + 0.1068 * Math.exp(-3352.0 / t) / (frN + f2 / frN)));
  }

  /** Energy attenuation coefficient m (1/m): intensity decays as exp(−m d); m = α ln(10) / 10. */
  static double energyAttenuation(double frequency, double temperatureCelsius, double relativeHumidityPercent) {
    return decibelsPerMetre(frequency, temperatureCelsius, relativeHumidityPercent) * Math.log(10) / 10;
  }
}
