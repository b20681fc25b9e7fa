package org.spatialssrl.scene;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.spatialssrl.depth.DepthMap;
import org.spatialssrl.image.RgbImage;

/**
 * A procedural indoor RGB-D scene, ray cast exactly: a textured floor, back and side walls (open
 * above, where the sky has no depth), and boxes, spheres and cylinders at random poses, seen by a
 * pinhole camera with simple Lambert shading. Depth is metric z-depth along the optical axis, so
 * the geometry of every pixel is known exactly: the test bed of the depth tasks and the default
 * input of {@code ssrl generate}.
 */
public final class RgbdScene {
  private static final double[] LIGHT = normalise(new double[] {-0.4, 0.8, -0.45});

  private final int width;
  private final int height;
  private final double focal;
  private final double camHeight;
  private final double pitch;
  private final double halfWidth;
  private final double backZ;
  private final double wallHeight;
  private final int[] palette;
  private final List<Shape> shapes;

  /** One rendered view. */
  public record Rendered(RgbImage rgb, DepthMap depth) {}

  private sealed interface Shape permits Box, Ball, Tube {}

  private record Box(double x, double z, double sx, double sy, double sz, double yaw, int rgb)
      implements Shape {}

  private record Ball(double x, double y, double z, double r, int rgb) implements Shape {}

  private record Tube(double x, double z, double r, double h, int rgb) implements Shape {}

  private RgbdScene(long seed, int width, int height) {
    SplittableRandom rng = new SplittableRandom(seed);
    this.width = width;
    this.height = height;
    double fov = Math.toRadians(55 + 20 * rng.nextDouble());
    this.focal = width / (2 * Math.tan(fov / 2));
    this.camHeight = 1.2 + 0.8 * rng.nextDouble();
    this.pitch = Math.toRadians(8 + 14 * rng.nextDouble());
    this.halfWidth = 2.5 + 2.5 * rng.nextDouble();
    this.backZ = 6 + 8 * rng.nextDouble();
    this.wallHeight = 2.6 + 1.6 * rng.nextDouble();
    this.palette = new int[6];
    for (int i = 0; i < palette.length; i++) {
      palette[i] = hsv(rng.nextDouble(), 0.25 + 0.5 * rng.nextDouble(), 0.55 + 0.4 * rng.nextDouble());
    }
    this.shapes = new ArrayList<>();
    int n = 4 + rng.nextInt(6);
    for (int i = 0; i < n; i++) {
      double x = (rng.nextDouble() * 2 - 1) * (halfWidth - 0.6);
      double z = 1.8 + rng.nextDouble() * (backZ - 2.6);
      int rgb = hsv(rng.nextDouble(), 0.45 + 0.5 * rng.nextDouble(), 0.5 + 0.5 * rng.nextDouble());
      switch (rng.nextInt(3)) {
        case 0 -> shapes.add(new Box(x, z, 0.3 + rng.nextDouble(), 0.3 + 1.2 * rng.nextDouble(),
            0.3 + rng.nextDouble(), rng.nextDouble() * Math.PI, rgb));
        case 1 -> {
          double r = 0.2 + 0.5 * rng.nextDouble();
          shapes.add(new Ball(x, r + (rng.nextInt(3) == 0 ? 0.5 * rng.nextDouble() : 0), z, r, rgb));
        }
        default -> shapes.add(new Tube(x, z, 0.15 + 0.35 * rng.nextDouble(),
            0.3 + 1.4 * rng.nextDouble(), rgb));
      }
    }
  }

  /**
   * A scene from a seed.
   *
   * @param seed the scene's seed
   * @param width image width
   * @param height image height
   * @return the scene
   */
  public static RgbdScene of(long seed, int width, int height) {
    if (width < 16 || height < 16) {
      throw new IllegalArgumentException("scene too small: " + width + "x" + height);
    }
    return new RgbdScene(seed, width, height);
  }

  /** The focal length in pixels (principal point at the image centre). */
  public double focal() {
    return focal;
  }

  /** Renders the RGB image, the depth and its mask (sky pixels have no depth). */
  public Rendered render() {
    int[] rgb = new int[width * height];
    float[] depth = new float[width * height];
    double[] hit = new double[8];
    for (int v = 0; v < height; v++) {
      for (int u = 0; u < width; u++) {
        int i = v * width + u;
        if (trace(u + 0.5, v + 0.5, hit)) {
          depth[i] = (float) hit[0];
          rgb[i] = shade(hit, u, v);
        } else {
          depth[i] = 0;
          double t = (double) v / height;
          rgb[i] = mix(0x8EC5F0, 0xDCEEFB, t);
        }
      }
    }
    return new Rendered(RgbImage.of(width, height, rgb), DepthMap.of(width, height, depth, null));
  }

  /**
   * The exact z-depth seen through an image point, by ray casting.
   *
   * @param u column coordinate (pixel centres at +0.5)
   * @param v row coordinate
   * @return the depth in metres, or 0 for sky
   */
  public double depthAt(double u, double v) {
    double[] hit = new double[8];
    return trace(u, v, hit) ? hit[0] : 0;
  }

  /**
   * Casts the ray through (u, v). On a hit, fills {t (= z-depth), world x, y, z, normal x, y, z,
   * material} and returns true.
   */
  private boolean trace(double u, double v, double[] hit) {
    double cxr = (u - width / 2.0) / focal;
    double cyr = -(v - height / 2.0) / focal;
    // camera frame (x right, y up, z forward) to world: pitch down about x
    double cp = Math.cos(pitch);
    double sp = Math.sin(pitch);
    double dx = cxr;
    double dy = cyr * cp - sp;
    double dz = cyr * sp + cp;
    double oy = camHeight;
    double best = Double.POSITIVE_INFINITY;
    hit[7] = -1;
    // floor
    if (dy < 0) {
      double t = -oy / dy;
      if (t < best && Math.abs(dx * t) <= halfWidth && dz * t <= backZ) {
        best = set(hit, t, dx, dy, dz, oy, 0, 1, 0, 0);
      }
    }
    // back wall z = backZ
    if (dz > 0) {
      double t = backZ / dz;
      double y = oy + dy * t;
      if (t < best && Math.abs(dx * t) <= halfWidth && y >= 0 && y <= wallHeight) {
        best = set(hit, t, dx, dy, dz, oy, 0, 0, -1, 1);
      }
    }
    // side walls x = -halfWidth, +halfWidth
    if (dx != 0) {
      double t = (Math.signum(dx) * halfWidth) / dx;
      double y = oy + dy * t;
      double z = dz * t;
      if (t > 0 && t < best && y >= 0 && y <= wallHeight && z >= 0 && z <= backZ) {
        best = set(hit, t, dx, dy, dz, oy, -Math.signum(dx), 0, 0, 2);
      }
    }
    for (int k = 0; k < shapes.size(); k++) {
      best = intersect(shapes.get(k), k, best, dx, dy, dz, oy, hit);
    }
    if (best == Double.POSITIVE_INFINITY) {
      return false;
    }
    // z-depth: distance along the optical axis = t times the axis component of the ray (1).
    double[] o = {0, oy, 0};
    double fx = 0;
    double fy = -sp;
    double fz = cp;
    hit[0] = (hit[1] - o[0]) * fx + (hit[2] - o[1]) * fy + (hit[3] - o[2]) * fz;
    return true;
  }

  private static double set(double[] hit, double t, double dx, double dy, double dz, double oy,
      double nx, double ny, double nz, int material) {
    hit[0] = t;
    hit[1] = dx * t;
    hit[2] = oy + dy * t;
    hit[3] = dz * t;
    hit[4] = nx;
    hit[5] = ny;
    hit[6] = nz;
    hit[7] = material;
    return t;
  }

  private static double intersect(Shape s, int k, double best, double dx, double dy, double dz,
      double oy, double[] hit) {
    int material = 10 + k;
    if (s instanceof Ball b) {
      double ox = -b.x();
      double oyy = oy - b.y();
      double oz = -b.z();
      double a = dx * dx + dy * dy + dz * dz;
      double bb = 2 * (ox * dx + oyy * dy + oz * dz);
      double c = ox * ox + oyy * oyy + oz * oz - b.r() * b.r();
      double disc = bb * bb - 4 * a * c;
      if (disc >= 0) {
        double t = (-bb - Math.sqrt(disc)) / (2 * a);
        if (t > 0 && t < best) {
          double px = dx * t;
          double py = oy + dy * t;
          double pz = dz * t;
          return set(hit, t, dx, dy, dz, oy, (px - b.x()) / b.r(), (py - b.y()) / b.r(),
              (pz - b.z()) / b.r(), material);
        }
      }
      return best;
    }
    if (s instanceof Tube c) {
      double ox = -c.x();
      double oz = -c.z();
      double a = dx * dx + dz * dz;
      double bb = 2 * (ox * dx + oz * dz);
      double cc = ox * ox + oz * oz - c.r() * c.r();
      double disc = bb * bb - 4 * a * cc;
      if (a > 0 && disc >= 0) {
        double t = (-bb - Math.sqrt(disc)) / (2 * a);
        double y = oy + dy * t;
        if (t > 0 && t < best && y >= 0 && y <= c.h()) {
          best = set(hit, t, dx, dy, dz, oy, (dx * t - c.x()) / c.r(), 0, (dz * t - c.z()) / c.r(),
              material);
        }
      }
      if (dy < 0) {
        double t = (c.h() - oy) / dy;
        double px = dx * t - c.x();
        double pz = dz * t - c.z();
        if (t > 0 && t < best && px * px + pz * pz <= c.r() * c.r()) {
          best = set(hit, t, dx, dy, dz, oy, 0, 1, 0, material);
        }
      }
      return best;
    }
    Box b = (Box) s;
    double cos = Math.cos(b.yaw());
    double sin = Math.sin(b.yaw());
    // ray in the box frame (rotation about y by -yaw), box centred at (x, sy/2, z)
    double ox = -b.x();
    double oz = -b.z();
    double lox = cos * ox + sin * oz;
    double loz = -sin * ox + cos * oz;
    double loy = oy - b.sy() / 2;
    double ldx = cos * dx + sin * dz;
    double ldz = -sin * dx + cos * dz;
    double[] o = {lox, loy, loz};
    double[] d = {ldx, dy, ldz};
    double[] half = {b.sx() / 2, b.sy() / 2, b.sz() / 2};
    double tmin = 0;
    double tmax = best;
    int axis = -1;
    double sign = 0;
    for (int i = 0; i < 3; i++) {
      if (Math.abs(d[i]) < 1e-12) {
        if (Math.abs(o[i]) > half[i]) {
          return best;
        }
        continue;
      }
      double t1 = (-half[i] - o[i]) / d[i];
      double t2 = (half[i] - o[i]) / d[i];
      double near = Math.min(t1, t2);
      double far = Math.max(t1, t2);
      if (near > tmin) {
        tmin = near;
        axis = i;
        sign = t1 < t2 ? -1 : 1;
      }
      tmax = Math.min(tmax, far);
      if (tmin > tmax) {
        return best;
      }
    }
    if (axis < 0 || tmin <= 0 || tmin >= best) {
      return best;
    }
    double[] ln = new double[3];
    ln[axis] = sign;
    // back to world: rotation about y by +yaw
    double nx = cos * ln[0] - sin * ln[2];
    double nz = sin * ln[0] + cos * ln[2];
    return set(hit, tmin, dx, dy, dz, oy, nx, ln[1], nz, material);
  }

  private int shade(double[] hit, int u, int v) {
    int material = (int) hit[7];
    double x = hit[1];
    double y = hit[2];
    double z = hit[3];
    int base;
    if (material == 0) {
      boolean check = (Math.floorMod((int) Math.floor(x / 0.5), 2) ^ Math.floorMod((int) Math.floor(z / 0.5), 2)) == 1;
      base = check ? palette[0] : mix(palette[0], 0x202020, 0.45);
    } else if (material == 1) {
      base = Math.floorMod((int) Math.floor(x / 0.35), 2) == 0 ? palette[1] : mix(palette[1], 0xFFFFFF, 0.3);
    } else if (material == 2) {
      base = Math.floorMod((int) Math.floor(z / 0.6 + (y > wallHeight / 2 ? 0.5 : 0)), 2) == 0
          ? palette[2] : mix(palette[2], 0x000000, 0.25);
    } else {
      Shape s = shapes.get(material - 10);
      int c = s instanceof Box bx ? bx.rgb() : s instanceof Ball bl ? bl.rgb() : ((Tube) s).rgb();
      base = Math.floorMod((int) Math.floor(y / 0.12), 2) == 0 ? c : mix(c, 0xFFFFFF, 0.12);
    }
    double lambert = Math.max(0, hit[4] * LIGHT[0] + hit[5] * LIGHT[1] + hit[6] * LIGHT[2]);
    double light = 0.38 + 0.62 * lambert;
    double fog = Math.min(0.35, hit[0] / 60);
    int grain = ((u * 73856093) ^ (v * 19349663)) & 7;
    int r = (int) Math.min(255, ((base >> 16) & 255) * light * (1 - fog) + 200 * fog + grain);
    int g = (int) Math.min(255, ((base >> 8) & 255) * light * (1 - fog) + 205 * fog + grain);
    int b = (int) Math.min(255, (base & 255) * light * (1 - fog) + 215 * fog + grain);
    return r << 16 | g << 8 | b;
  }

  private static int mix(int a, int b, double t) {
    int r = (int) Math.round(((a >> 16) & 255) * (1 - t) + ((b >> 16) & 255) * t);
    int g = (int) Math.round(((a >> 8) & 255) * (1 - t) + ((b >> 8) & 255) * t);
    int bl = (int) Math.round((a & 255) * (1 - t) + (b & 255) * t);
    return r << 16 | g << 8 | bl;
  }

  private static int hsv(double h, double s, double v) {
    return java.awt.Color.HSBtoRGB((float) h, (float) s, (float) v) & 0xFFFFFF;
  }

  private static double[] normalise(double[] v) {
    double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    return new double[] {v[0] / n, v[1] / n, v[2] / n};
  }
}
