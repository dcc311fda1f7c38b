package dev.holdfast.gateway.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import dev.holdfast.contracts.StorableText;
import dev.holdfast.gateway.problem.Problems;
import dev.holdfast.gateway.problem.UnstorableText;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Strict JSON for the HTTP API: {@code "quantity": 1.5}, {@code "quantity": "2"} and {@code "name": 7} are
 * validation errors rather than silently converted; so is every string PostgreSQL cannot store (a NUL, a lone
 * surrogate: {@link StorableText}), in whichever field of whichever body it comes, and a timestamp that is not an
 * ISO-8601 string. Timestamps are written in UTC with milliseconds and a Z; problem documents as {@link Problems}
 * says.
 */
@Configuration(proxyBeanMethods = false)
public class JacksonConfiguration {

    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictHoldfastJson() {
        var timestamps = new SimpleModule("holdfast-timestamps");
        timestamps.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider)
                    throws IOException {
                generator.writeString(TIMESTAMP.format(value));
            }
        });
        timestamps.addDeserializer(Instant.class, new IsoInstantDeserializer());
        var storableText = new SimpleModule("holdfast-storable-text");
        storableText.addDeserializer(String.class, new StorableStringDeserializer());
        return builder -> builder
                .featuresToDisable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .featuresToEnable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .modulesToInstall(timestamps, storableText)
                .mixIn(ProblemDetail.class, Problems.JsonMixin.class)
                .postConfigurer(mapper -> {
                    refuse(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.Float,
                            CoercionInputShape.Boolean);
                    refuse(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.Boolean);
                    refuse(mapper, LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.Integer,
                            CoercionInputShape.Float);
                    refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float,
                            CoercionInputShape.Boolean);
                });
    }

    /**
     * Jackson's own string reading, then the {@link StorableText} check. Not a subclass of
     * {@link StringDeserializer}: Jackson would take a subclass of its standard implementation for the standard one
     * and bypass it in collections of strings.
     */
    static final class StorableStringDeserializer extends StdScalarDeserializer<String> {

        StorableStringDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null && !StorableText.isStorable(value)) {
                throw new UnstorableText(parser);
            }
            return value;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }
    }

    /**
     * Jackson's own reading of an ISO-8601 string; anything else is refused, where Jackson's deserializer would read
     * a number as seconds since the epoch whatever the coercion settings say.
     */
    static final class IsoInstantDeserializer extends StdScalarDeserializer<Instant> {

        IsoInstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.DateTime;
        }
    }

    private static void refuse(ObjectMapper mapper, LogicalType type, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
        }
    }
}
