package dev.misdirect.ui.common;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.BooleanSupplier;

/**
 * Wraps a service so that calling it on the UI thread fails at once with {@link IllegalStateException}, instead of
 * freezing the window. The app wraps every engine service with {@code Platform::isFxApplicationThread}.
 */
public final class OffFxThread {
    private OffFxThread() {
    }

    /**
     * @param type        the service interface
     * @param service     the implementation
     * @param onUiThread  tells whether the current thread is the UI thread
     */
    public static <S> S guard(Class<S> type, S service, BooleanSupplier onUiThread) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface");
        }
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> "guarded " + service;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> method.invoke(service, args);
                };
            }
            if (onUiThread.getAsBoolean()) {
                throw new IllegalStateException(type.getSimpleName() + "." + method.getName()
                        + " blocks and must not run on the UI thread");
            }
            try {
                return method.invoke(service, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, handler));
    }
}
