package dev.misdirect.ui.common;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * A service whose implementation is still being built on a background thread (so that building it, and loading its
 * classes, is not on the way to the first window). Each call waits for the implementation and delegates to it. A call
 * on the UI thread before the implementation is ready fails at once with {@link IllegalStateException} instead of
 * freezing the window; a failure to build it is rethrown, unwrapped, from every call.
 */
public final class Deferred {
    private Deferred() {
    }

    /**
     * @param type       the service interface
     * @param target     completes with the implementation
     * @param onUiThread tells whether the current thread is the UI thread
     */
    public static <S> S of(Class<S> type, CompletableFuture<? extends S> target, BooleanSupplier onUiThread) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface");
        }
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> "deferred " + type.getSimpleName();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                };
            }
            if (!target.isDone() && onUiThread.getAsBoolean()) {
                throw new IllegalStateException(type.getSimpleName() + "." + method.getName()
                        + " is not ready yet (still starting) and the UI thread must not wait for it");
            }
            S service;
            try {
                service = target.join();
            } catch (CompletionException e) {
                throw e.getCause() != null ? e.getCause() : e;
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
