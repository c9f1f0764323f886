package io.github.limiter4j.servlet;

import jakarta.servlet.Filter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Embedded Tomcat 10.1 (Servlet 6). */
final class TomcatContainer implements ServletContainer {
  private final Tomcat tomcat;
  private final String baseUrl;

  TomcatContainer(Filter filter) throws Exception {
    Path base = Files.createTempDirectory("limiter4j-tomcat");
    tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", base.toString());
    Tomcat.addServlet(context, "app", new TestServlet()).setAsyncSupported(true);
    context.addServletMappingDecoded("/*", "app");
    Tomcat.addServlet(context, "login", new TestServlet());
    context.addServletMappingDecoded(TestServlet.LOGIN, "login");
    FilterDef definition = new FilterDef();
    definition.setFilterName("rate-limit");
    definition.setFilter(filter);
    definition.setAsyncSupported("true");
    context.addFilterDef(definition);
    FilterMap mapping = new FilterMap();
    mapping.setFilterName("rate-limit");
    mapping.addURLPattern("/*");
    mapping.setDispatcher("REQUEST");
    mapping.setDispatcher("FORWARD");
    mapping.setDispatcher("ERROR");
    context.addFilterMap(mapping);
    ErrorPage page = new ErrorPage();
    page.setErrorCode(500);
    page.setLocation("/error-page");
    context.addErrorPage(page);
    tomcat.start();
    baseUrl = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort();
  }

  @Override
  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public void stop() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
