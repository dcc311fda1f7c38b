package dev.holdfast.gateway.request;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * Supplies a {@link CommandReply} to the controller methods that declare one, and tells Spring MVC that such a
 * method's response is handled: the method returns nothing, and the gateway writes the answer.
 */
@Component
class CommandReplyResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

    private final ObjectWriter json;

    CommandReplyResolver(ObjectMapper mapper) {
        this.json = mapper.writer();
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == CommandReply.class;
    }

    @Override
    public CommandReply resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                        NativeWebRequest request, WebDataBinderFactory binderFactory) {
        if (container != null) {
            container.setRequestHandled(true);
        }
        return new CommandReply(request.getNativeRequest(HttpServletRequest.class),
                request.getNativeResponse(HttpServletResponse.class), json);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }
}
