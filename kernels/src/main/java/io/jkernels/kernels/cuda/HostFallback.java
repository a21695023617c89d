package io.jkernels.kernels.cuda;

import io.jkernels.kernels.Backends;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.KernelException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A family whose CUDA kernels are not written yet runs on the best CPU backend: every device buffer argument is
 * copied to the host, the CPU kernel runs, and the buffers are copied back (only when the call succeeded, so a
 * rejected call writes nothing). Correct for any contract of buffers and plain values, whatever methods it grows;
 * slow by design, and said so in the backend's description.
 */
final class HostFallback {
  private final KernelBackend cpu;

  HostFallback() {
    String name = Backends.provider("vector").unavailabilityCause().isEmpty() ? "vector" : "scalar";
    this.cpu = Backends.provider(name).create();
  }

  String cpuName() {
    return cpu.name();
  }

  <T> T of(Class<T> contract, Function<KernelBackend, T> family, String familyName) {
    T onHost = family.apply(cpu);
    Object proxy = Proxy.newProxyInstance(contract.getClassLoader(), new Class<?>[] {contract}, (p, method, args) -> {
      switch (method.getName()) {
        case "toString":
          if (args == null) {
            return familyName + " kernels (CUDA: on the " + cpu.name() + " CPU backend until written)";
          }
          break;
        case "hashCode":
          if (args == null) {
            return System.identityHashCode(p);
          }
          break;
        case "equals":
          if (args != null && args.length == 1) {
            return p == args[0];
          }
          break;
        default:
          break;
      }
      return call(onHost, method, args);
    });
    return contract.cast(proxy);
  }

  private Object call(Object onHost, java.lang.reflect.Method method, Object[] args) throws Throwable {
    Object[] hostArgs = args == null ? null : args.clone();
    Map<DeviceBuffer, float[]> staged = new IdentityHashMap<>();
    List<Buffer> views = new ArrayList<>();
    try {
      if (hostArgs != null) {
        for (int i = 0; i < hostArgs.length; i++) {
          if (hostArgs[i] instanceof DeviceBuffer device) {
            float[] host = staged.get(device);
            if (host == null) {
              if (device.length() > Integer.MAX_VALUE - 8) {
                throw new KernelException(method.getName() + ": a buffer of " + device.length()
                    + " floats is too large for the CPU fallback of a family without CUDA kernels");
              }
              host = new float[(int) device.length()];
              device.read(0, host, 0, host.length);
              staged.put(device, host);
            }
            Buffer view = cpu.bindArray(host);
            views.add(view);
            hostArgs[i] = view;
          }
        }
      }
      Object result;
      try {
        result = method.invoke(onHost, hostArgs);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      for (Map.Entry<DeviceBuffer, float[]> e : staged.entrySet()) {
        e.getKey().write(0, e.getValue(), 0, e.getValue().length);
      }
      return result;
    } finally {
      views.forEach(Buffer::close);
    }
  }

  void close() {
    cpu.close();
  }
}
