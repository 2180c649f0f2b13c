package dev.istiodsl.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/** The one JSON mapper of the compiler: strict on input (duplicate keys are errors), sorted and stable on output. */
public final class Json {

    /**
     * How deep maps and lists may nest, in the DSL and in every YAML or JSON file it names. Real Kubernetes objects
     * stay far below it (Istio's CRD schemas, the deepest, reach about 35); the limit keeps hostile input from
     * exhausting the stack of every stage that walks a tree.
     */
    public static final int MAX_DEPTH = 100;

    public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .nodeFactory(NODES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Json() {
    }

    /** Merges {@code from} into {@code into}: maps key by key, anything else (lists too) replaced, as istioctl merges. */
    public static void deepMerge(ObjectNode into, ObjectNode from) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode existing = into.get(field.getKey());
            if (existing instanceof ObjectNode target && field.getValue() instanceof ObjectNode source) {
                deepMerge(target, source);
            } else {
                into.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }
}
