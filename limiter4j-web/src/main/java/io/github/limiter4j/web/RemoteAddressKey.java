package io.github.limiter4j.web;

/** Keys requests by the peer's address; named, so that the configuration can show it. */
enum RemoteAddressKey implements KeyFunction {
  INSTANCE;

  @Override
  public String key(WebRequest request) {
    return request.remoteAddress();
  }

  @Override
  public String toString() {
    return "remote address";
  }
}
