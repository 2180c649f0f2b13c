package dev.istiodsl.validate.schema.cel;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every Kubernetes CEL library function against the examples of its Kubernetes documentation (the godoc of
 * {@code k8s.io/apiserver/pkg/cel/library} and kubernetes.io's "Common Expression Language in Kubernetes"), and the
 * extensions the API server enables. Each line reads {@code EXPRESSION ==> EXPECTED}: the expression must equal the
 * expected CEL value, or fail to evaluate when the expected is {@code error}.
 */
class KubernetesCelLibraryTest {

    static Stream<String> urls() {
        return examples("""
                isURL('https://user:pass@example.com:80/path?query=val#fragment') ==> true
                isURL('/absolute-path') ==> true
                isURL('https://a:b:c/') ==> false
                isURL('../relative-path') ==> false
                url('https://user:pass@example.com:80/path?query=val#fragment').getEscapedPath() ==> '/path'
                url('/absolute-path').getEscapedPath() ==> '/absolute-path'
                url('https://a:b:c/') ==> error
                url('../relative-path') ==> error
                url('/path').getScheme() ==> ''
                url('https://example.com/').getScheme() ==> 'https'
                url('https://example.com:80/').getHost() ==> 'example.com:80'
                url('https://example.com/').getHost() ==> 'example.com'
                url('https://[::1]:80/').getHost() ==> '[::1]:80'
                url('https://[::1]/').getHost() ==> '[::1]'
                url('/path').getHost() ==> ''
                url('https://example.com:80/').getHostname() ==> 'example.com'
                url('https://127.0.0.1:80/').getHostname() ==> '127.0.0.1'
                url('https://[::1]:80/').getHostname() ==> '::1'
                url('/path').getHostname() ==> ''
                url('https://example.com:80/').getPort() ==> '80'
                url('https://example.com/').getPort() ==> ''
                url('/path').getPort() ==> ''
                url('https://example.com/path').getEscapedPath() ==> '/path'
                url('https://example.com/path with spaces/').getEscapedPath() ==> '/path%20with%20spaces/'
                url('https://example.com').getEscapedPath() ==> ''
                url('https://example.com/path?k1=a&k2=b&k2=c').getQuery() ==> {'k1': ['a'], 'k2': ['b', 'c']}
                url('https://example.com/path?key with spaces=value with spaces').getQuery() ==> {'key with spaces': ['value with spaces']}
                url('https://example.com/path?').getQuery() ==> {}
                url('https://example.com/path').getQuery() ==> {}
                """);
    }

    static Stream<String> regexes() {
        return examples("""
                "abc 123".find('[0-9]+') ==> '123'
                "abc 123".find('xyz') ==> ''
                "1, 2, 3, 4".findAll('[0-9]+').map(x, int(x)).sum() < 100 ==> true
                "123 abc 456".findAll('[0-9]+') ==> ['123', '456']
                "123 abc 456".findAll('[0-9]+', 1) ==> ['123']
                "123 abc 456".findAll('xyz') ==> []
                "abc".find('(?!x)') ==> error
                """);
    }

    static Stream<String> lists() {
        return examples("""
                [1, 2, 3].isSorted() ==> true
                ['a', 'b', 'b', 'c'].isSorted() ==> true
                [2.0, 1.0].isSorted() ==> false
                [1].isSorted() ==> true
                [].isSorted() ==> true
                [1, 3].sum() ==> 4
                [1.0, 3.0].sum() ==> 4.0
                [duration('1m'), duration('1s')].sum() ==> duration('1m1s')
                [].sum() ==> 0
                [1, 3].min() ==> 1
                [1, 3].max() ==> 3
                [].min() ==> error
                [1].min() ==> 1
                ([0] + [1, 2].filter(x, x > 5)).min() ==> 0
                [1, 2, 2, 3].indexOf(2) ==> 1
                ['a', 'b', 'b', 'c'].lastIndexOf('b') ==> 2
                [1.0].indexOf(1.1) ==> -1
                [].indexOf('string') ==> -1
                [1, 2, 3].includes(2) ==> true
                [1, 2, 3].includes(4) ==> false
                'model-a'.includes('model-a') ==> true
                'model-a'.includes('model-b') ==> false
                [{'weight': 0.5}, {'weight': 0.5}].map(x, x.weight).sum() == 1.0 ==> true
                [1, 2].map(x, x).max() < [3, 4].map(x, x).min() ==> true
                """);
    }

    static Stream<String> quantities() {
        return examples("""
                isQuantity('1.5G') ==> true
                quantity('200k').isInteger() ==> true
                quantity('200K') ==> error
                quantity('Three') ==> error
                quantity('Mi') ==> error
                isQuantity('1.3G') ==> true
                isQuantity('1.3Gi') ==> true
                isQuantity('1,3G') ==> false
                isQuantity('10000k') ==> true
                isQuantity('200K') ==> false
                isQuantity('Three') ==> false
                isQuantity('Mi') ==> false
                quantity("50000000G").isInteger() ==> true
                quantity("500000G").isInteger() ==> true
                quantity("50k").isInteger() ==> true
                quantity("9999999999999999999999999999999999999G").asInteger() ==> error
                quantity("9999999999999999999999999999999999999G").isInteger() ==> false
                quantity("9999999999999999999999999999999999999G").asApproximateFloat() > 9.9e45 ==> true
                quantity("50k").asInteger() ==> 50000
                quantity("50k").sub(20000).asApproximateFloat() ==> 30000.0
                quantity("50k").add(quantity("20k")) ==> quantity("70k")
                quantity("50k").add(20) ==> quantity("50020")
                quantity("50k").sub(quantity("20k")) ==> quantity("30k")
                quantity("50k").sub(20000) ==> quantity("30k")
                quantity("50k").add(20).sub(quantity("100k")).sub(-50000) ==> quantity("20")
                quantity("200M").compareTo(quantity("0.2G")) ==> 0
                quantity("50M").compareTo(quantity("50Mi")) ==> -1
                quantity("50Mi").compareTo(quantity("50M")) ==> 1
                quantity("150Mi").isGreaterThan(quantity("100Mi")) ==> true
                quantity("50Mi").isGreaterThan(quantity("100Mi")) ==> false
                quantity("50M").isLessThan(quantity("100M")) ==> true
                quantity("100M").isLessThan(quantity("50M")) ==> false
                quantity("-5").sign() ==> -1
                quantity("0").sign() ==> 0
                quantity("100m").sign() ==> 1
                quantity("100m").isInteger() ==> false
                quantity("1e3") ==> quantity("1k")
                """);
    }

    static Stream<String> ips() {
        return examples("""
                isIP('127.0.0.1') ==> true
                isIP('::1') ==> true
                isIP('127.0.0.256') ==> false
                isIP(':::1') ==> false
                isIP('::ffff:1.2.3.4') ==> false
                isIP('fe80::1%eth0') ==> false
                isIP('127.0.0.01') ==> false
                ip('127.0.0.256') ==> error
                ip(':::1') ==> error
                ip.isCanonical('127.0.0.1') ==> true
                ip.isCanonical('2001:db8::abcd') ==> true
                ip.isCanonical('2001:DB8::ABCD') ==> false
                ip.isCanonical('2001:db8::0:0:0:abcd') ==> false
                string(ip('2001:DB8:0:0:0::ABCD')) ==> '2001:db8::abcd'
                ip('127.0.0.1').family() ==> 4
                ip('::1').family() ==> 6
                ip('0.0.0.0').isUnspecified() ==> true
                ip('127.0.0.1').isUnspecified() ==> false
                ip('::').isUnspecified() ==> true
                ip('::1').isUnspecified() ==> false
                ip('127.0.0.1').isLoopback() ==> true
                ip('192.168.0.1').isLoopback() ==> false
                ip('::1').isLoopback() ==> true
                ip('2001:db8::abcd').isLoopback() ==> false
                ip('224.0.0.1').isLinkLocalMulticast() ==> true
                ip('224.0.1.1').isLinkLocalMulticast() ==> false
                ip('ff02::1').isLinkLocalMulticast() ==> true
                ip('fd00::1').isLinkLocalMulticast() ==> false
                ip('169.254.169.254').isLinkLocalUnicast() ==> true
                ip('192.168.0.1').isLinkLocalUnicast() ==> false
                ip('fe80::1').isLinkLocalUnicast() ==> true
                ip('fd80::1').isLinkLocalUnicast() ==> false
                ip('192.168.0.1').isGlobalUnicast() ==> true
                ip('255.255.255.255').isGlobalUnicast() ==> false
                ip('2001:db8::abcd').isGlobalUnicast() ==> true
                ip('ff00::1').isGlobalUnicast() ==> false
                """);
    }

    static Stream<String> cidrs() {
        return examples("""
                cidr('192.168.0.0/16').prefixLength() ==> 16
                cidr('::1/128').prefixLength() ==> 128
                cidr('192.168.0.0/33') ==> error
                cidr('::1/129') ==> error
                isCIDR('192.168.0.0/16') ==> true
                isCIDR('::1/128') ==> true
                isCIDR('192.168.0.0/33') ==> false
                isCIDR('::1/129') ==> false
                isCIDR('::ffff:1.2.3.4/24') ==> false
                cidr('192.168.0.0/24').containsIP(ip('192.168.0.1')) ==> true
                cidr('192.168.0.0/24').containsIP(ip('192.168.1.1')) ==> false
                cidr('192.168.0.0/24').containsIP('192.168.0.1') ==> true
                cidr('192.168.0.0/24').containsIP('192.168.1.1') ==> false
                cidr('192.168.0.0/16').containsCIDR(cidr('192.168.10.0/24')) ==> true
                cidr('192.168.1.0/24').containsCIDR(cidr('192.168.2.0/24')) ==> false
                cidr('192.168.0.0/16').containsCIDR('192.168.10.0/24') ==> true
                cidr('192.168.1.0/24').containsCIDR('192.168.2.0/24') ==> false
                cidr('192.168.0.1/24').ip() ==> ip('192.168.0.1')
                cidr('192.168.0.1/24').ip().family() ==> 4
                cidr('::1/128').ip() ==> ip('::1')
                cidr('::1/128').ip().family() ==> 6
                cidr('192.168.0.0/24').masked() ==> cidr('192.168.0.0/24')
                cidr('192.168.0.1/24').masked() ==> cidr('192.168.0.0/24')
                cidr('192.168.0.0/24') == cidr('192.168.0.0/24').masked() ==> true
                cidr('192.168.0.1/24') == cidr('192.168.0.1/24').masked() ==> false
                string(cidr('2001:DB8::/32')) ==> '2001:db8::/32'
                """);
    }

    static Stream<String> formats() {
        return examples("""
                format.dns1123Label().validate("my-label-name").hasValue() ==> false
                format.dns1123Subdomain().validate("apiextensions.k8s.io").hasValue() ==> false
                format.dns1035Label().validate("my-label-name").hasValue() ==> false
                format.qualifiedName().validate("apiextensions.k8s.io/v1beta1").hasValue() ==> false
                format.dns1123LabelPrefix().validate("my-label-prefix-").hasValue() ==> false
                format.dns1123SubdomainPrefix().validate("mysubdomain.prefix.-").hasValue() ==> false
                format.dns1035LabelPrefix().validate("my-label-prefix-").hasValue() ==> false
                format.uri().validate("http://example.com").hasValue() ==> false
                format.uuid().validate("123e4567-e89b-12d3-a456-426614174000").hasValue() ==> false
                format.byte().validate("aGVsbG8=").hasValue() ==> false
                format.date().validate("2021-01-01").hasValue() ==> false
                format.datetime().validate("2021-01-01T00:00:00Z").hasValue() ==> false
                format.labelValue().validate("").hasValue() ==> false
                format.dns1123Label().validate("Not_A_Label").hasValue() ==> true
                format.dns1123Label().validate("Not_A_Label").value().size() ==> 1
                format.dns1035Label().validate("1abc").hasValue() ==> true
                format.uri().validate("../relative").hasValue() ==> true
                format.uuid().validate("not-a-uuid").hasValue() ==> true
                format.byte().validate("not base64!").hasValue() ==> true
                format.date().validate("2021-13-01").hasValue() ==> true
                format.datetime().validate("yesterday").hasValue() ==> true
                format.named("dns1123Label").hasValue() ==> true
                format.named("dns1123Label").value().validate("ok").hasValue() ==> false
                format.named("no-such-format").hasValue() ==> false
                """);
    }

    static Stream<String> semvers() {
        return examples("""
                semver('1.0.0').major() ==> 1
                semver('0.1.0-alpha.1').minor() ==> 1
                semver('200K') ==> error
                semver('Three') ==> error
                semver('Mi') ==> error
                semver('v1.0.0', true) ==> semver('1.0.0')
                semver('1.0', true) ==> semver('1.0.0')
                semver('01.01.01', true) ==> semver('1.1.1')
                isSemver('1.0.0') ==> true
                isSemver('hello') ==> false
                isSemver('v1.0') ==> false
                isSemver('v1.0', true) ==> true
                isSemver('1.0', true) ==> true
                isSemver('01.01.01', true) ==> true
                semver("1.2.3").major() ==> 1
                semver("1.2.3").minor() ==> 2
                semver("1.2.3").patch() ==> 3
                semver("1.2.3").compareTo(semver("1.2.3")) ==> 0
                semver("1.2.3").compareTo(semver("2.0.0")) ==> -1
                semver("1.2.3").compareTo(semver("0.1.2")) ==> 1
                semver("1.0.0-alpha").isLessThan(semver("1.0.0")) ==> true
                semver("1.0.0-alpha.2").isGreaterThan(semver("1.0.0-alpha.10")) ==> false
                """);
    }

    static Stream<String> strings() {
        return examples("""
                "this is a string: %s".format(['hello']) ==> 'this is a string: hello'
                "%d apples".format([5]) ==> '5 apples'
                "%.2f".format([1.5]) ==> '1.50'
                "%f".format([3]) ==> '3.000000'
                "%e".format([1052.033]) ==> '1.052033e+03'
                "%b".format([5]) ==> '101'
                "%o".format([11]) ==> '13'
                "%x".format([255]) ==> 'ff'
                "%X".format([255]) ==> 'FF'
                "%x".format(['Hello']) ==> '48656c6c6f'
                "100%%".format([]) ==> '100%'
                "%s".format([[1, 2]]) ==> '[1, 2]'
                "%d".format(['x']) ==> error
                "%s %s".format(['x']) ==> error
                'hello'.charAt(4) ==> 'o'
                'hello mellow'.indexOf('ello', 2) ==> 7
                'hello mellow'.lastIndexOf('ello') ==> 7
                'TacoCat'.lowerAscii() ==> 'tacocat'
                'TacoCat'.upperAscii() ==> 'TACOCAT'
                'hello hello'.replace('he', 'we', 1) ==> 'wello hello'
                'hello hello hello'.split(' ', 2) ==> ['hello', 'hello hello']
                ['hello', 'mellow'].join(' ') ==> 'hello mellow'
                'tacocat'.substring(4) ==> 'cat'
                '  \\ttrim\\n    '.trim() ==> 'trim'
                sets.contains([1, 2, 3, 4], [2, 3]) ==> true
                optional.of(1).orValue(2) ==> 1
                {'a': 1}.exists(k, v, v == 1) ==> true
                duration('1h') > duration('59m') ==> true
                timestamp('2024-01-01T00:00:00Z').getFullYear() ==> 2024
                1 < 1.5 ==> true
                """);
    }

    private static Stream<String> examples(String table) {
        return Arrays.stream(table.split("\n")).filter(line -> !line.isBlank());
    }

    @ParameterizedTest
    @MethodSource({"urls", "regexes", "lists", "quantities", "ips", "cidrs", "formats", "semvers", "strings"})
    void documentedExample(String line) throws Exception {
        String[] parts = line.split(" ==> ", 2);
        String expression = parts[0].strip();
        String expected = parts[1].strip();
        if (expected.equals("error")) {
            assertThatThrownBy(() -> eval(expression)).as(expression).isInstanceOf(CelEvaluationException.class);
        } else {
            assertThat(eval("(" + expression + ") == (" + expected + ")")).as(expression + " == " + expected)
                    .isEqualTo(true);
        }
    }

    private static Object eval(String expression) throws Exception {
        SchemaType.Root none = SchemaType.root(JsonNodeFactory.instance.objectNode().put("type", "object"));
        return KubernetesCel.program(KubernetesCel.compile(expression, SimpleType.DYN, none.provider()))
                .eval(Map.of("self", Map.of()));
    }
}
