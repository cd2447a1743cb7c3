package dev.imagegen.chat.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.JobEvent.StoredImage;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.List;

/** A job's images as the JSON text of {@code messages.images}, in the events' own shape. */
@Converter
class StoredImagesConverter implements AttributeConverter<List<StoredImage>, String> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<StoredImage>> IMAGES = new TypeReference<>() {
    };

    @Override
    public String convertToDatabaseColumn(List<StoredImage> images) {
        try {
            return images == null ? null : JSON.writeValueAsString(images);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a message's images", e);
        }
    }

    @Override
    public List<StoredImage> convertToEntityAttribute(String column) {
        try {
            return column == null ? null : JSON.readValue(column, IMAGES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read a message's images", e);
        }
    }
}
